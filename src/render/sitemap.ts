import { absoluteUrl } from '../model/urls.js';
import type { Page, SiteModel } from '../model/types.js';
import { escapeXml } from './xml.js';

/**
 * sitemaps.org 0.9: every page but redirects and the 404 page, with the newest
 * item date where there is one. A page that exists in several languages lists
 * them all as `xhtml:link` alternates, with the default language as
 * `x-default`, exactly as its `<head>` does (Google's form for multilingual
 * sitemaps); a one-language site's sitemap has none, and no extra namespace.
 */
export function renderSitemap(model: SiteModel): string {
  const { config } = model;
  const url = (path: string): string => absoluteUrl(config.baseUrl, config.basePath, path);
  const entries = model.pages
    .filter((page) => page.kind !== 'redirect' && page.kind !== 'not-found')
    .map((page) => ({ loc: url(page.path), lastmod: lastModified(page), alternates: page.alternates.length > 1 ? page.alternates : [] }))
    .sort((a, b) => (a.loc < b.loc ? -1 : a.loc > b.loc ? 1 : 0));
  const multilingual = entries.some((entry) => entry.alternates.length > 0);
  const lines = entries.map((entry) => {
    const fallback = entry.alternates.find((a) => a.lang === config.defaultLanguage);
    const links = [
      ...entry.alternates.map((a) => ({ hreflang: a.lang, href: url(a.path) })),
      ...(fallback ? [{ hreflang: 'x-default', href: url(fallback.path) }] : []),
    ].map((link) => `<xhtml:link rel="alternate" hreflang="${escapeXml(link.hreflang)}" href="${escapeXml(link.href)}"/>`);
    return `  <url><loc>${escapeXml(entry.loc)}</loc>${entry.lastmod ? `<lastmod>${entry.lastmod}</lastmod>` : ''}${links.join('')}</url>`;
  });
  const namespaces = `xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"${multilingual ? ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' : ''}`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset ${namespaces}>\n${lines.join('\n')}\n</urlset>\n`;
}

function lastModified(page: Page): string | undefined {
  switch (page.kind) {
    case 'item':
      return page.item.date;
    case 'home':
    case 'news':
    case 'year':
    case 'term':
      return page.items[0]?.date;
    default:
      return undefined;
  }
}

export function renderRobots(model: SiteModel): string {
  const { config } = model;
  return `User-agent: *\nAllow: /\nSitemap: ${absoluteUrl(config.baseUrl, config.basePath, `${config.basePath}sitemap.xml`)}\n`;
}
