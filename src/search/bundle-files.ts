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
 * The shard an item dated `date` (`YYYY-MM-DD`) is indexed in, when the site's
 * newest item is dated `newestDate`: its five-year period, named by its first
 * and last year (`2016-…` → `2015-2019`), except near the newest item. Nearly
 * every merge adds an item of the newest month, and Pagefind rebuilds a whole
 * shard for one new page, so the newest month has a shard of its own
 * (`2024-12`), the months before it in its year share one (`2024`), and the
 * years before that in its period one more (`2020-2023`). When a new month
 * starts, the former newest month joins its year's shard; when a new year
 * starts, the former newest year joins its period's; each is rebuilt once
 * then. The name is also the shard's folder under `pagefind/`.
 */
export function searchShardOf(date: string, newestDate: string): string {
  const month = date.slice(0, 7);
  if (/^\d{4}-\d{2}$/.test(month) && month === newestDate.slice(0, 7)) return month;
  return searchShardOfYear(date.slice(0, 4), newestDate.slice(0, 4));
}

/** The shard of an item of `year` not of the newest month (see `searchShardOf`): its period's, or its year's if it is the newest year. */
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

/** Shard names in the order search.js opens them: months, years and periods newest first, then any other shard by name. */
export function orderSearchShards(names: Iterable<string>): string[] {
  // A month (`2024-12`) is newer than the rest of its year (`2024`), which is newer than any period before it.
  const newestFirst = (name: string): number | null => {
    const month = /^(\d{4})-(\d{2})$/.exec(name);
    if (month) return Number(month[1]) * 100 + Number(month[2]);
    const period = /^(\d+)(?:-\d+)?$/.exec(name);
    return period ? Number(period[1]) * 100 : null;
  };
  return [...names].sort((a, b) => {
    const ka = newestFirst(a);
    const kb = newestFirst(b);
    if (ka !== null && kb !== null) return kb - ka;
    if (ka !== null || kb !== null) return ka !== null ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
