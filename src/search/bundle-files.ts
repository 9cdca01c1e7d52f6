/** Folder of the search bundles inside the output, served as `<basePath>pagefind/`. */
export const SEARCH_BUNDLE_DIR = 'pagefind';

/**
 * Files of the search bundle that templates may link to. They are written
 * after rendering (by the search index step), so the link check is told
 * about them here rather than finding them among the rendered files. Every
 * shard's bundle holds the same two files; the index step puts a copy at the
 * top of the folder so the search page can load them from one place.
 */
export const SEARCH_BUNDLE_ENTRY_FILES: readonly string[] = [`${SEARCH_BUNDLE_DIR}/pagefind-ui.js`, `${SEARCH_BUNDLE_DIR}/pagefind-ui.css`];

/**
 * The list of shard bundles, read by `assets/search.js`:
 * `{ "all": ["2020-2024/", …], "languages": { "en": ["2020-2024/", …] } }`,
 * folders relative to `pagefind/`, newest period first. `languages` names,
 * for each language Pagefind found, the shards holding pages in it.
 */
export const SEARCH_SHARDS_FILE = `${SEARCH_BUNDLE_DIR}/shards.json`;

/** Years per search shard: items are indexed in one Pagefind bundle per period (2015–2019, 2020–2024, …). */
export const SEARCH_PERIOD_YEARS = 5;

/**
 * The shard an item of `year` (`YYYY`) is indexed in, when the site's newest
 * item is of `newestYear`: its period, named by its first and last year, e.g.
 * `2016` → `2015-2019`; except that the newest year has a shard of its own
 * (`2024`), and the years before it in its period share one (`2020-2023`).
 * Nearly every merge adds an item of the newest year, and Pagefind rebuilds
 * a whole shard for one page: a year is a fifth of a period. When a new year
 * starts, its former newest year joins its period's shard, rebuilt once. The
 * name is also the shard's folder under `pagefind/`.
 */
export function searchShardOfYear(year: string, newestYear: string): string {
  const value = Number.parseInt(year, 10);
  if (!Number.isInteger(value)) return 'undated';
  const first = periodStart(value);
  const newest = Number.parseInt(newestYear, 10);
  if (value === newest) return String(value);
  if (Number.isInteger(newest) && periodStart(newest) === first && value < newest) return newest - 1 === first ? String(first) : `${first}-${newest - 1}`;
  return `${first}-${first + SEARCH_PERIOD_YEARS - 1}`;
}

function periodStart(year: number): number {
  return year - (((year % SEARCH_PERIOD_YEARS) + SEARCH_PERIOD_YEARS) % SEARCH_PERIOD_YEARS);
}

/** Shard names in the order search.js opens them: years and periods newest first, then any other shard by name. */
export function orderSearchShards(names: Iterable<string>): string[] {
  const period = /^(\d+)(?:-\d+)?$/;
  return [...names].sort((a, b) => {
    const pa = period.exec(a);
    const pb = period.exec(b);
    if (pa && pb) return Number(pb[1]) - Number(pa[1]);
    if (pa || pb) return pa ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
