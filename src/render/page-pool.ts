import os from 'node:os';
import { Piscina } from 'piscina';
import type { FeedDocument } from './feeds.js';
import type { PageBatch, PageBatchResult } from './page-worker.js';
import type { TemplateSources } from './templates.js';
import { esmWorkerFile } from './worker-file.js';

/**
 * Worker threads that render pages from views built on the main thread. A dev
 * session keeps one for patching an edit into the last build: the few dozen
 * pages showing the edited item render side by side on every core (the main
 * thread's too) while the feeds are serialized beside them.
 */
export interface PageRenderPool {
  /** Each page's HTML, in order (null for a page whose template failed), and each feed's XML. */
  render(templates: TemplateSources, templatesKey: string, pages: readonly { template: string; view: object }[], feeds?: readonly FeedDocument[]): Promise<PageBatchResult>;
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
    async render(templates, templatesKey, pages, feeds = []) {
      if (pages.length === 0 && feeds.length === 0) return { pages: [], feeds: [] };
      if (broken !== null) throw broken;
      // One batch per thread: posting a message costs little next to rendering a page, so fewer, larger batches.
      const pageCount = Math.ceil(pages.length / threads);
      const feedCount = Math.ceil(feeds.length / threads);
      const batches: Promise<PageBatchResult>[] = [];
      for (let thread = 0; thread < threads; thread += 1) {
        const batch = { templatesKey, templates, pages: pages.slice(thread * pageCount, (thread + 1) * pageCount), feeds: feeds.slice(thread * feedCount, (thread + 1) * feedCount) };
        if (batch.pages.length > 0 || batch.feeds.length > 0) batches.push(pool.run(batch));
      }
      const results = await Promise.all(batches);
      return { pages: results.flatMap((result) => result.pages), feeds: results.flatMap((result) => result.feeds) };
    },
    close: () => pool.destroy(),
  };
}

/**
 * Heap of each page worker, in MiB. A worker holds its templates and one batch of views and pages: without a cap,
 * each thread would grow its heap as far as V8 lets it (a dev session's peak memory).
 */
export const PAGE_WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 } as const;

let shared: PageRenderPool | null = null;

/**
 * One pool for the whole process, started on first use: every session of a
 * process (the dev server has one) shares it. Idle threads do not keep the
 * process alive. One thread fewer than the cores, as a build's: the main
 * thread renders its share of a patch's pages beside them. At N = 10,000, two
 * threads on two cores patched an edit no faster than one (medians of twelve
 * edits: 67-69 against 69-72 ms) and the session peaked 70-120 MiB higher.
 */
export function sharedPageRenderPool(): PageRenderPool {
  shared ??= createPageRenderPool(Math.max(1, os.availableParallelism() - 1), PAGE_WORKER_HEAP);
  return shared;
}
