import os from 'node:os';
import { Piscina } from 'piscina';
import type { PageBatch, PageBatchResult } from './page-worker.js';
import type { TemplateSources } from './templates.js';
import { esmWorkerFile } from './worker-file.js';

/**
 * Worker threads that render pages from views built on the main thread: a
 * large build's templates run on them beside the main thread (see
 * `renderOnWorkers`).
 */
export interface PageRenderPool {
  /** Each page's HTML, in order (null for a page whose template failed). */
  render(templates: TemplateSources, templatesKey: string, pages: readonly { template: string; view: object }[]): Promise<PageBatchResult>;
  close(): Promise<void>;
}

export function createPageRenderPool(threads = Math.max(1, os.availableParallelism()), resourceLimits?: { readonly maxOldGenerationSizeMb: number; readonly maxYoungGenerationSizeMb: number }): PageRenderPool {
  const pool = new Piscina<PageBatch, PageBatchResult>({
    ...esmWorkerFile('./page-worker.js', import.meta.url),
    minThreads: threads,
    maxThreads: threads,
    ...(resourceLimits ? { resourceLimits } : {}),
  });
  // A thread that fails outside a task (it could not even load) makes every render reject, never the process crash.
  let broken: unknown = null;
  pool.on('error', (error: unknown) => {
    broken ??= error;
  });
  return {
    async render(templates, templatesKey, pages) {
      if (pages.length === 0) return { pages: [] };
      if (broken !== null) throw broken;
      // One batch per thread: posting a message costs little next to rendering a page, so fewer, larger batches.
      const pageCount = Math.ceil(pages.length / threads);
      const batches: Promise<PageBatchResult>[] = [];
      for (let thread = 0; thread < threads; thread += 1) {
        const batch = { templatesKey, templates, pages: pages.slice(thread * pageCount, (thread + 1) * pageCount) };
        if (batch.pages.length > 0) batches.push(pool.run(batch));
      }
      const results = await Promise.all(batches);
      return { pages: results.flatMap((result) => result.pages) };
    },
    close: () => pool.destroy(),
  };
}

/**
 * Heap of each page worker, in MiB. A worker holds its templates and one batch of views and pages: without a cap,
 * each thread would grow its heap as far as V8 lets it (a dev session's peak memory).
 */
export const PAGE_WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 } as const;
