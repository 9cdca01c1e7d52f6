import { absoluteUrl } from '../model/urls.js';
import type { Page, SiteModel } from '../model/types.js';
import { escapeXml } from './xml.js';

/** sitemaps.org 0.9: every page but redirects and the 404 page, with the newest item date where there is one. */
export function renderSitemap(model: SiteModel): string {
  const { config } = model;
  const entries = model.pages
    .filter((page) => page.kind !== 'redirect' && page.kind !== 'not-found')
    .map((page) => ({ loc: absoluteUrl(config.baseUrl, config.basePath, page.path), lastmod: lastModified(page) }))
    .sort((a, b) => (a.loc < b.loc ? -1 : a.loc > b.loc ? 1 : 0));
  const lines = entries.map(
    (entry) => `  <url><loc>${escapeXml(entry.loc)}</loc>${entry.lastmod ? `<lastmod>${entry.lastmod}</lastmod>` : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join('\n')}\n</urlset>\n`;
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
