import path from 'node:path';
import * as pagefind from 'pagefind';
import type { OutputFile } from '../render/render-site.js';
import { SEARCH_BUNDLE_DIR } from './bundle-files.js';
import { searchableHtml } from './searchable-html.js';

/** Raised when Pagefind reports problems; the build turns it into a diagnostic and keeps the old site. */
export class SearchIndexError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Pagefind could not build the search index: ${problems.join('; ')}`);
    this.name = 'SearchIndexError';
    this.problems = problems;
  }
}

/** Pages sent to Pagefind at a time: enough to keep it busy, few enough not to queue the whole site in memory. */
const IN_FLIGHT = 32;

/** A search index being built in Pagefind's own process. */
export interface SearchIndexing {
  /**
   * Hands Pagefind one output file as soon as it is rendered (files other than
   * HTML pages are ignored). Resolves once Pagefind's queue has room again, so a
   * fast renderer does not pile up pages in memory.
   */
  add(file: OutputFile): Promise<void>;
  /**
   * Waits for every page to be indexed, writes Pagefind's bundle to
   * `siteDir/pagefind/`, and stops Pagefind.
   * @throws SearchIndexError when Pagefind reported an error.
   */
  writeTo(siteDir: string): Promise<void>;
  /** Stops Pagefind without writing (the build failed elsewhere). Safe to call twice. */
  cancel(): Promise<void>;
}

interface HtmlPage {
  readonly sourcePath: string;
  readonly content: string;
}

/**
 * Starts Pagefind. Pages are indexed from memory as the build renders them:
 * Pagefind works in its own process, on another core, while this one renders
 * and writes. Only regions marked `data-pagefind-body` are indexed (the item
 * pages' articles), so navigation, lists and overviews never appear in
 * results, and only pages holding that mark are sent (Pagefind would ignore
 * the others); if no page holds it, every page of the written folder is
 * indexed, as Pagefind does.
 */
export function startSearchIndex(): SearchIndexing {
  let closed = false;
  const roomWaiters: (() => void)[] = [];
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const resolve of roomWaiters.splice(0)) resolve();
    await pagefind.close();
  };
  const ready = pagefind
    .createIndex({
      rootSelector: 'html',
      // Pagefind's default "keepIndexUrl: false" strips index.html, matching our URLs.
      writePlayground: false,
    })
    .then(({ index, errors }) => {
      if (!index || errors.length > 0) throw new SearchIndexError(errors.length ? errors : ['no index was created']);
      return index;
    });
  // Reported by writeTo; a build that fails before then must not see an unhandled rejection.
  void ready.catch(() => undefined);
  const queue: HtmlPage[] = [];
  const problems: string[] = [];
  let sentMarked = 0;
  let running = 0;
  let drained: (() => void) | null = null;

  const pump = (): void => {
    while (running < IN_FLIGHT && queue.length > 0) {
      const page = queue.shift() as HtmlPage;
      running += 1;
      ready
        .then((index) => index.addHTMLFile(page))
        .then(
          (response) => problems.push(...response.errors),
          (error: unknown) => problems.push(error instanceof Error ? error.message : String(error)),
        )
        .finally(() => {
          running -= 1;
          pump();
          if (queue.length < IN_FLIGHT) for (const resolve of roomWaiters.splice(0)) resolve();
          if (running === 0 && queue.length === 0) drained?.();
        });
    }
  };
  const allIndexed = (): Promise<void> =>
    running === 0 && queue.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));

  return {
    async add(file) {
      if (closed || !file.path.endsWith('.html') || typeof file.content !== 'string' || !file.content.includes('data-pagefind-body')) return;
      sentMarked += 1;
      queue.push({ sourcePath: file.path, content: searchableHtml(file.content) });
      pump();
      if (queue.length >= IN_FLIGHT) await new Promise<void>((resolve) => roomWaiters.push(resolve));
    },
    async writeTo(siteDir) {
      try {
        await allIndexed();
        const index = await ready;
        if (sentMarked === 0) problems.push(...(await index.addDirectory({ path: siteDir, glob: '**/*.html' })).errors);
        if (problems.length > 0) throw new SearchIndexError(problems);
        const written = await index.writeFiles({ outputPath: path.join(siteDir, SEARCH_BUNDLE_DIR) });
        if (written.errors.length > 0) throw new SearchIndexError(written.errors);
      } finally {
        await close();
      }
    },
    cancel: close,
  };
}
