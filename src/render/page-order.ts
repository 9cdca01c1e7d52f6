import type { PageRenderPool } from './page-pool.js';
import type { PageStep, PageToRender, SiteFile } from './render-site.js';
import type { TemplateSources } from './templates.js';

/*
 * Rendering a build's pages on worker threads beside this one, while the
 * pages are handed on (to the write stage and the search index) in the order
 * a build without workers hands them on, so the output is the same.
 */

/** Pages sent to the page workers at once. */
const PAGES_PER_BATCH = 16;
/** How many pages may wait to be handed on, in order, before this thread waits for the oldest. */
const PAGES_WAITING_AT_MOST = 256;

/** Runs templates on worker threads in batches: each job's HTML, or null (the worker failed; render it here). */
export interface BatchRenderer {
  add(template: string, view: object): Promise<string | null>;
  /** Sends the jobs added since the last batch. */
  flush(): void;
}

export function renderOnWorkers(startPool: () => PageRenderPool, templates: TemplateSources, templatesKey: string): BatchRenderer {
  let batch: { template: string; view: object; done: (html: string | null) => void }[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    const jobs = batch;
    batch = [];
    // A pool that fails (a bug, or no compiled worker module) leaves every page to this thread.
    const rendered = startPool()
      .render(templates, templatesKey, jobs.map(({ template, view }) => ({ template, view })))
      .catch(() => null);
    jobs.forEach((job, index) => void rendered.then((result) => job.done(result?.pages[index] ?? null)));
  };
  return {
    add(template, view) {
      const html = new Promise<string | null>((done) => batch.push({ template, view, done }));
      if (batch.length >= PAGES_PER_BATCH) flush();
      return html;
    },
    flush,
  };
}

/**
 * Hands pages on in page order (the search index and the output depend on it)
 * while those that need rendering render on workers: a kept page waits behind
 * the pages before it. Without workers each page is rendered as it comes.
 */
export interface PagesInOrder {
  /** Takes the next page; resolves once it may take another (it waits when too many are waiting to be handed on). */
  add(step: PageStep): Promise<void>;
  /** Hands on every page still waiting. */
  finish(): Promise<void>;
}

export function inPageOrder(send: (file: SiteFile) => Promise<void>, workers: BatchRenderer | null, shareHere: number): PagesInOrder {
  // Each page is finished (links checked, and so diagnostics reported) in page order too, as without workers.
  const waiting: { readonly step: PageStep; readonly html: Promise<string | null> | null }[] = [];
  let toRender = 0;
  // This thread, where LiquidJS has run longest and is fastest, renders a share too instead of waiting for the workers.
  const htmlOf = (step: PageToRender): Promise<string | null> => {
    toRender += 1;
    const here = Math.floor(toRender * shareHere) > Math.floor((toRender - 1) * shareHere);
    return workers && !here ? workers.add(step.template, step.view) : Promise.resolve(step.render());
  };
  const handOn = async (until: number): Promise<void> => {
    workers?.flush();
    while (waiting.length > until) {
      const { step, html } = waiting.shift() as (typeof waiting)[number];
      const file = 'file' in step ? step.file : step.finish(await html);
      if (file !== null) await send(file);
    }
  };
  return {
    async add(step) {
      waiting.push({ step, html: workers && !('file' in step) ? htmlOf(step) : null });
      if (!workers) await handOn(0);
      else if (waiting.length > PAGES_WAITING_AT_MOST) await handOn(PAGES_WAITING_AT_MOST / 2);
    },
    finish: () => handOn(0),
  };
}

