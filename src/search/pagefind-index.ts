import path from 'node:path';
import * as pagefind from 'pagefind';
import type { OutputFile } from '../render/render-site.js';
import { SEARCH_BUNDLE_DIR } from './bundle-files.js';

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
   * Waits for every page to be indexed, writes Pagefind's bundle to
   * `siteDir/pagefind/`, and stops Pagefind. Returns the number of pages indexed.
   * @throws SearchIndexError when Pagefind reported an error.
   */
  writeTo(siteDir: string): Promise<number>;
  /** Stops Pagefind without writing (the build failed elsewhere). Safe to call twice. */
  cancel(): Promise<void>;
}

/**
 * Starts indexing the site's HTML pages from memory. Pagefind works in its own
 * process, so it indexes while the build writes its files: by the time the
 * staging folder is complete, most of the index is too. Only regions marked
 * `data-pagefind-body` are indexed (the item pages' articles), so navigation,
 * lists and overviews never appear in results.
 */
export function startSearchIndex(files: readonly OutputFile[]): SearchIndexing {
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await pagefind.close();
  };
  const indexing = (async () => {
    const created = await pagefind.createIndex({
      rootSelector: 'html',
      // Pagefind's default "keepIndexUrl: false" strips index.html, matching our URLs.
      writePlayground: false,
    });
    if (!created.index || created.errors.length > 0) throw new SearchIndexError(created.errors.length ? created.errors : ['no index was created']);
    const { index } = created;
    const pages = files.flatMap((file) => (file.path.endsWith('.html') && typeof file.content === 'string' ? [{ sourcePath: file.path, content: file.content }] : []));
    // Pagefind indexes only pages with data-pagefind-body once any page has it: sending it the others is wasted work.
    const marked = pages.filter((page) => page.content.includes('data-pagefind-body'));
    const added = await mapWithLimit(marked.length > 0 ? marked : pages, IN_FLIGHT, (page) => index.addHTMLFile(page));
    const problems = added.flatMap((response) => response.errors);
    if (problems.length > 0) throw new SearchIndexError(problems);
    return { index, pageCount: added.filter((response) => response.file).length };
  })();
  // Reported by writeTo; until then a failure must not surface as an unhandled rejection.
  indexing.catch(() => undefined);
  return {
    async writeTo(siteDir) {
      try {
        const { index, pageCount } = await indexing;
        const written = await index.writeFiles({ outputPath: path.join(siteDir, SEARCH_BUNDLE_DIR) });
        if (written.errors.length > 0) throw new SearchIndexError(written.errors);
        return pageCount;
      } finally {
        await close();
      }
    },
    cancel: close,
  };
}

async function mapWithLimit<T, R>(list: readonly T[], limit: number, task: (entry: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(list.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < list.length) {
      const at = next++;
      results[at] = await task(list[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, run));
  return results;
}
