import os from 'node:os';
import { Piscina } from 'piscina';
import { renderMarkdownOrNull } from './body-guard.js';
import type { RawHtmlPolicy, RenderedBody } from './markdown.js';
import type { MarkdownBatch, MarkdownJob } from './markdown-worker.js';
import { esmWorkerFile } from './worker-file.js';

/** Below this many bodies to render, threads cost more than they save: render on the main thread. */
export const WORKER_THRESHOLD = 64;
const BATCH_SIZE = 32;
/** Old-generation heap of each Markdown worker, in MiB. */
const WORKER_HEAP_MB = 96;

export interface RenderBodiesOptions {
  /** Default `WORKER_THRESHOLD`; 0 forces the pool, Infinity forbids it. */
  readonly threshold?: number;
}

/**
 * Renders many bodies, spread over worker threads (one per core) when there
 * are enough of them. Returns one promise per job, in the order of `jobs`,
 * each settling as soon as its batch is done: jobs are handed to the workers
 * in that order, so a caller that needs the bodies in the same order can use
 * each one while the workers go on with the rest. The pool stops once every
 * batch is done.
 */
export function renderBodies(jobs: readonly MarkdownJob[], policy: RawHtmlPolicy, options: RenderBodiesOptions = {}): Promise<RenderedBody | null>[] {
  const threshold = options.threshold ?? WORKER_THRESHOLD;
  if (jobs.length === 0) return [];
  const renderHere = (job: MarkdownJob): RenderedBody | null => renderMarkdownOrNull(job.markdown, job.relativePath, policy);
  if (jobs.length < threshold) return jobs.map((job) => Promise.resolve(renderHere(job)));
  const threads = Math.max(1, os.availableParallelism());
  const pool = new Piscina<MarkdownBatch, (RenderedBody | null)[]>({
    ...esmWorkerFile('./markdown-worker.js', import.meta.url),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 100,
    // A worker holds one batch of bodies at a time: a small heap keeps the process's peak memory down (each thread
    // would otherwise grow its heap as far as V8 lets it). A batch that does not fit is rendered on this thread.
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const results: Promise<RenderedBody | null>[] = [];
  const batches: Promise<unknown>[] = [];
  for (let start = 0; start < jobs.length; start += BATCH_SIZE) {
    const slice = jobs.slice(start, start + BATCH_SIZE);
    const batch = pool.run({ jobs: slice, policy }).catch(() => slice.map(renderHere));
    batches.push(batch);
    for (let index = 0; index < slice.length; index += 1) results.push(batch.then((bodies) => bodies[index] ?? null));
  }
  void Promise.allSettled(batches).then(() => pool.destroy());
  return results;
}
