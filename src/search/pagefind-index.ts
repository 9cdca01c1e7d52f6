import path from 'node:path';
import * as pagefind from 'pagefind';
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

/**
 * Indexes the finished site in `siteDir` (the staging folder, before the
 * swap) and writes Pagefind's bundle to `siteDir/pagefind/`. Only regions
 * marked `data-pagefind-body` are indexed (the item pages' articles), so
 * navigation, lists and overviews never appear in results. One Pagefind
 * process is started and closed per call.
 *
 * @returns the number of pages indexed.
 * @throws SearchIndexError when Pagefind reports an error.
 */
export async function writeSearchIndex(siteDir: string): Promise<number> {
  try {
    const created = await pagefind.createIndex({
      rootSelector: 'html',
      // Pagefind's default "keepIndexUrl: false" strips index.html, matching our URLs.
      writePlayground: false,
    });
    if (!created.index || created.errors.length > 0) throw new SearchIndexError(created.errors.length ? created.errors : ['no index was created']);
    const { index } = created;
    const added = await index.addDirectory({ path: siteDir, glob: '**/*.html' });
    if (added.errors.length > 0) throw new SearchIndexError(added.errors);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, SEARCH_BUNDLE_DIR) });
    if (written.errors.length > 0) throw new SearchIndexError(written.errors);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
