import { TemplateError, createTemplateEngine, type TemplateEngine, type TemplateSources } from './templates.js';

/** Pages to render with one set of templates: what the main thread sends a page worker. */
export interface PageBatch {
  /** Fingerprint of `templates`: a worker parses them again only when it changes. */
  readonly templatesKey: string;
  readonly templates: TemplateSources;
  readonly pages: readonly { readonly template: string; readonly view: object }[];
}

export interface PageBatchResult {
  /** Each page's HTML, or null after a template error (the caller renders it again itself, to report it). */
  readonly pages: (string | null)[];
}

let kept: { readonly key: string; readonly engine: TemplateEngine } | null = null;

/**
 * Piscina entry point (compiled to lib/render/page-worker.js): renders pages
 * whose views the main thread built. Views are plain data, so they cross the
 * thread boundary as they are; the template engine stays warm between batches.
 */
export default function renderPageBatch(batch: PageBatch): PageBatchResult {
  if (kept?.key !== batch.templatesKey) kept = { key: batch.templatesKey, engine: createTemplateEngine(batch.templates) };
  const { engine } = kept;
  const pages = batch.pages.map(({ template, view }) => {
    if (!engine.has(template)) return null;
    try {
      return engine.render(template, view);
    } catch (error) {
      if (error instanceof TemplateError) return null;
      throw error;
    }
  });
  return { pages };
}
