/**
 * Every site path is built here, so the URL scheme is one table:
 *   /                        home          /news/page/2/     news, archive page 2
 *   /news/<slug>/            item          /news/2016/       year archive
 *   /<vocabulary>/           overview      /<vocabulary>/<term>/[page/N/]
 *   /search/  /404.html  /news/atom.xml  /<vocabulary>/<term>/atom.xml
 * Languages other than the default live under `/<code>/`; `basePath` is the
 * path of the base URL (`/` or `/repo/` on a project site).
 */

export function languagePrefix(lang: string, defaultLanguage: string): string {
  return lang === defaultLanguage ? '' : `${lang}/`;
}

export function homePath(basePath: string, prefix: string): string {
  return `${basePath}${prefix}`;
}

export function newsPath(basePath: string, prefix: string): string {
  return `${basePath}${prefix}news/`;
}

export function yearPath(basePath: string, prefix: string, year: string): string {
  return `${basePath}${prefix}news/${year}/`;
}

export function itemPath(basePath: string, prefix: string, slug: string): string {
  return `${basePath}${prefix}news/${slug}/`;
}

export function vocabularyPath(basePath: string, prefix: string, vocabulary: string): string {
  return `${basePath}${prefix}${vocabulary}/`;
}

export function termPath(basePath: string, prefix: string, vocabulary: string, term: string): string {
  return `${basePath}${prefix}${vocabulary}/${term}/`;
}

export function searchPath(basePath: string, prefix: string): string {
  return `${basePath}${prefix}search/`;
}

export function notFoundPath(basePath: string, prefix: string): string {
  return `${basePath}${prefix}404.html`;
}

/** Archive page N of a series whose first page is `firstPagePath`; 0 is the first page itself. */
export function paginatedPath(firstPagePath: string, pageNumber: number): string {
  return pageNumber === 0 ? firstPagePath : `${firstPagePath}page/${pageNumber}/`;
}

/** Feed beside a list page: `/news/atom.xml`, `/fields-of-work/policing/atom.xml`. */
export function feedPath(listPath: string): string {
  return `${listPath}atom.xml`;
}

/** The output file a site path is written to, relative to the output folder. */
export function outputFileFor(sitePath: string, basePath: string): string {
  const relative = sitePath.startsWith(basePath) ? sitePath.slice(basePath.length) : sitePath.replace(/^\//, '');
  return relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative;
}

/** Absolute URL of a site path. */
export function absoluteUrl(baseUrl: string, basePath: string, sitePath: string): string {
  const origin = baseUrl.slice(0, baseUrl.length - basePath.length);
  return `${origin}${sitePath}`;
}
