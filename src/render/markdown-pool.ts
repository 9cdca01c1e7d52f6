import os from 'node:os';
import { Piscina } from 'piscina';
import type { BodyOutcome, MarkdownBatch, MarkdownJob } from './markdown-job.js';
import type { RawHtmlPolicy } from './markdown-types.js';
import { esmWorkerFile } from './worker-file.js';

/** Below this many bodies to render, threads cost more than they save: render on the main thread. */
export const WORKER_THRESHOLD = 64;
const BATCH_SIZE = 32;
/**
 * Heap of each Markdown worker, in MiB: old generation, and young. A worker holds one batch of bodies at a time; each
 * thread would otherwise grow its heap as far as V8 lets it. Rendering the 10,000 bodies of the benchmark's largest
 * site on two workers alone: V8's default young generation peaked at 409 MiB, 8 MiB at 340 MiB in about the same time
 * (9.1 against 9.4 s); 4 MiB or an old generation of 32 MiB slowed it by half or more.
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 };

export interface RenderBodiesOptions {
  /** Default `WORKER_THRESHOLD`; 0 forces the pool, Infinity forbids it. */
  readonly threshold?: number;
  /**
   * How many jobs past the furthest one asked for (`need`) the workers may
   * render; default Infinity: every job is handed out at once. Bodies
   * rendered long before they are used wait in memory.
   */
  readonly lead?: number;
}

/**
 * Renders one job on this thread. The renderer's module (and with it the Markdown stack, about 150 ms to load) is
 * loaded here only the first time a body renders on this thread: a build whose bodies are all cached, or all
 * rendered on workers, never loads it on its main thread. (Sending a publish's one new body to a worker instead was
 * measured at N = 10,000: 0.3 s slower and a higher peak, the worker's start costing more than the loading.)
 */
async function renderHere(job: MarkdownJob, policy: RawHtmlPolicy): Promise<BodyOutcome> {
  const { renderJob } = await loadMarkdownHere();
  return renderJob(job, policy);
}

/**
 * Loads the Markdown stack on this thread, if it is not yet: a session calls it once its whole-site build is done,
 * so that an editor's first change to a body (rendered here) does not wait for the loading, which took longer than
 * the rest of the patch (169 against 40 ms at N = 10,000).
 */
export function loadMarkdownHere(): Promise<typeof import('./markdown-worker.js')> {
  return import('./markdown-worker.js');
}

/** Bodies being rendered: one promise per job, in the order of the jobs. */
export interface BodyRenders {
  readonly results: readonly Promise<BodyOutcome>[];
  /** Asks for job `index` (Infinity: every job): it and up to `lead` jobs after it are handed to the workers. */
  need(index: number): void;
}

/**
 * Renders many bodies, spread over worker threads (one per core) when there
 * are enough of them. Each result settles as soon as its batch is done: jobs
 * are handed to the workers in their order, so a caller that needs the bodies
 * in the same order can use each one while the workers go on with the rest.
 * The pool stops once every batch is done.
 */
export function renderBodies(jobs: readonly MarkdownJob[], policy: RawHtmlPolicy, options: RenderBodiesOptions = {}): BodyRenders {
  const threshold = options.threshold ?? WORKER_THRESHOLD;
  // No jobs, no pool: with a forced pool (threshold 0) one would start and, with no batch ever to settle, never stop.
  if (jobs.length === 0) return { results: [], need: () => undefined };
  if (jobs.length < threshold) return { results: jobs.map((job) => renderHere(job, policy)), need: () => undefined };
  // A thread per core, but no more threads than batches: a publish may send a single body.
  const threads = Math.max(1, Math.min(os.availableParallelism(), Math.ceil(jobs.length / BATCH_SIZE)));
  const pool = new Piscina<MarkdownBatch, BodyOutcome[]>({
    ...esmWorkerFile('./markdown-worker.js', import.meta.url),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 100,
    // A batch that does not fit is rendered on this thread.
    resourceLimits: WORKER_HEAP,
  });
  // Nothing here may keep a batch's bodies once its results have them: `need` stays reachable for the whole render,
  // and so does everything this function's closures share. A batch's entry is let go as it is handed out.
  interface Batch {
    readonly jobs: readonly MarkdownJob[];
    readonly resolve: (bodies: BodyOutcome[]) => void;
    readonly reject: (error: unknown) => void;
  }
  const waiting: (Batch | undefined)[] = [];
  const results: Promise<BodyOutcome>[] = [];
  for (let start = 0; start < jobs.length; start += BATCH_SIZE) {
    // Sliced out here: a callback that used `jobs` would keep every job (and each one's Markdown) as long as `need`.
    const slice = jobs.slice(start, start + BATCH_SIZE);
    const done = new Promise<BodyOutcome[]>((resolve, reject) => waiting.push({ jobs: slice, resolve, reject }));
    for (let index = 0; index < BATCH_SIZE && start + index < jobs.length; index += 1) results.push(done.then((bodies) => bodies[index] ?? null));
  }
  const lead = Math.max(1, options.lead ?? Number.POSITIVE_INFINITY);
  let handedOut = 0;
  let unsettled = waiting.length;
  const settled = (): void => {
    unsettled -= 1;
    if (unsettled === 0) void pool.destroy();
  };
  const handOutThrough = (jobIndex: number): void => {
    const through = Math.min(waiting.length, Math.floor(jobIndex / BATCH_SIZE) + 1);
    for (; handedOut < through; handedOut += 1) {
      const batch = waiting[handedOut] as Batch;
      waiting[handedOut] = undefined;
      pool
        .run({ jobs: batch.jobs, policy })
        .catch(() => Promise.all(batch.jobs.map((job) => renderHere(job, policy))))
        .then(
          (bodies) => {
            batch.resolve(bodies);
            settled();
          },
          (error: unknown) => {
            batch.reject(error);
            settled();
          },
        );
    }
  };
  handOutThrough(lead - 1);
  return { results, need: (index) => handOutThrough(index + lead) };
}
