import os from 'node:os';
import { Piscina } from 'piscina';
import { renderMarkdownOrNull } from './body-guard.js';
import type { RawHtmlPolicy, RenderedBody } from './markdown.js';
import type { MarkdownBatch, MarkdownJob } from './markdown-worker.js';

/** Below this many bodies to render, threads cost more than they save: render on the main thread. */
export const WORKER_THRESHOLD = 64;
const BATCH_SIZE = 32;

export interface RenderBodiesOptions {
  /** Default `WORKER_THRESHOLD`; 0 forces the pool, Infinity forbids it. */
  readonly threshold?: number;
}

/**
 * Renders many bodies, spread over worker threads (one per core) when there
 * are enough of them. Results come back in the order of `jobs`. The promise
 * is started before the site model is built, so the main thread builds the
 * model while the workers parse Markdown.
 */
export async function renderBodies(jobs: readonly MarkdownJob[], policy: RawHtmlPolicy, options: RenderBodiesOptions = {}): Promise<(RenderedBody | null)[]> {
  const threshold = options.threshold ?? WORKER_THRESHOLD;
  if (jobs.length === 0) return [];
  if (jobs.length < threshold) return jobs.map((job) => renderMarkdownOrNull(job.markdown, job.relativePath, policy));
  const threads = Math.max(1, os.availableParallelism());
  const pool = new Piscina<MarkdownBatch, (RenderedBody | null)[]>({
    filename: new URL('./markdown-worker.js', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 100,
  });
  try {
    const batches: Promise<(RenderedBody | null)[]>[] = [];
    for (let start = 0; start < jobs.length; start += BATCH_SIZE) {
      batches.push(pool.run({ jobs: jobs.slice(start, start + BATCH_SIZE), policy }));
    }
    return (await Promise.all(batches)).flat();
  } finally {
    await pool.destroy();
  }
}
