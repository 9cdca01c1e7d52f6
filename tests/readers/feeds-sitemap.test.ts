import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import { type BuiltSite, fileForUrl, htmlPages, textOf, useReaderSites } from '../helpers/readers.js';
import { validateSitemap } from '../helpers/sitemap-schema.js';

const feedsOf = (site: BuiltSite): string[] => [...site.tree.keys()].filter((file) => file.endsWith('atom.xml')).sort();

const sites = useReaderSites();

describe('Atom feeds', () => {
  it('parse with a real feed parser, and every entry links to a page that was written', () => {
    for (const site of [sites.sample, sites.fixture]) {
      expect(site.result.code, site.result.stderr).toBe(0);
      const feeds = feedsOf(site);
      expect(feeds).toContain('news/atom.xml');
      expect(feeds).toContain('fields-of-work/policing/atom.xml');
      for (const file of feeds) {
        const feed = parseFeed(textOf(site.tree, file));
        expect(feed.title, file).toBeTruthy();
        expect(feed.items.length, file).toBeLessThanOrEqual(20);
        for (const entry of feed.items) {
          expect(entry.url, `${file}: ${entry.title}`).toMatch(/^https:\/\/newsroom\.example\.org\//);
          expect(fileForUrl(entry.url ?? '', site.baseUrl, site.tree), `${file}: ${entry.url}`).toMatch(/^news\/[^/]+\/index\.html$/);
          expect(entry.content, `${file}: ${entry.url}`).toBeTruthy();
          expect(entry.published, `${file}: ${entry.url}`).toBeInstanceOf(Date);
        }
      }
    }
  });

  it('carries the seed item in full, with its date, title and summary', () => {
    const feed = parseFeed(textOf(sites.sample.tree, 'news/atom.xml'));
    expect(feed.items).toHaveLength(1);
    const [entry] = feed.items;
    expect(entry?.title).toBe('Ukrainian patrol police, anti-trafficking officers build skills and knowledge with OSCE support');
    expect(entry?.url).toBe('https://newsroom.example.org/news/ukrainian-patrol-police/');
    expect(entry?.published?.toISOString()).toBe('2016-09-13T00:00:00.000Z');
    expect(entry?.content).toContain('said Kostiantyn Bushuev, Deputy Head of the Ukrainian National Police.');
  });

  it('lists the newest entries first in the fixture’s news feed', () => {
    const feed = parseFeed(textOf(sites.fixture.tree, 'news/atom.xml'));
    expect(feed.items).toHaveLength(13);
    const dates = feed.items.map((entry) => entry.published?.toISOString().slice(0, 10) ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('is linked from each page head with rel="alternate", and each linked feed exists', () => {
    for (const site of [sites.sample, sites.fixture]) {
      for (const file of htmlPages(site.tree)) {
        const html = textOf(site.tree, file);
        for (const match of html.matchAll(/<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="([^"]+)">/g)) {
          expect(fileForUrl(match[1] ?? '', site.baseUrl, site.tree), `${file} → ${match[1]}`).toMatch(/atom\.xml$/);
        }
      }
      expect(textOf(site.tree, 'fields-of-work/policing/index.html')).toContain('<link rel="alternate" type="application/atom+xml" title="Policing (Atom feed)" href="/fields-of-work/policing/atom.xml">');
    }
  });
});

describe('sitemap.xml and robots.txt', () => {
  it('is valid against the sitemaps.org 0.9 schema', async () => {
    for (const site of [sites.sample, sites.fixture]) {
      expect(await validateSitemap(textOf(site.tree, 'sitemap.xml'))).toEqual({ valid: true, errors: [] });
    }
  });

  it('is checked by a schema that rejects a malformed sitemap', async () => {
    const bad = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>13 September 2016</lastmod></url></urlset>\n';
    const result = await validateSitemap(bad);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/lastmod/);
  });

  it('lists every page but the 404 page and redirects, each <loc> served by a file in dist/', () => {
    for (const site of [sites.sample, sites.fixture]) {
      const locs = [...textOf(site.tree, 'sitemap.xml').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] ?? '');
      const files = locs.map((loc) => fileForUrl(loc, site.baseUrl, site.tree));
      expect(files.filter((f) => f === undefined)).toEqual([]);
      const redirects = htmlPages(site.tree).filter((file) => textOf(site.tree, file).includes('<meta http-equiv="refresh"'));
      expect(redirects.length).toBeGreaterThan(0);
      const pages = htmlPages(site.tree).filter((file) => file !== '404.html' && !redirects.includes(file));
      expect(new Set(files)).toEqual(new Set(pages));
      expect(locs).toContain('https://newsroom.example.org/news/ukrainian-patrol-police/');
    }
  });

  it('is announced by robots.txt', () => {
    expect(textOf(sites.sample.tree, 'robots.txt')).toBe('User-agent: *\nAllow: /\nSitemap: https://newsroom.example.org/sitemap.xml\n');
  });
});
