import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlPages, textOf, useReaderSites } from '../helpers/readers.js';
import { newsItem, readTree, removeDir, runCli, writeSite } from '../helpers/site.js';

/** Attribute value of the first tag matching `pattern` (`content` or `href`), entities decoded. */
function attribute(html: string, pattern: RegExp): string | undefined {
  const raw = pattern.exec(html)?.[1];
  return raw
    ?.replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
const meta = (html: string, key: string): string | undefined => attribute(html, new RegExp(`<meta (?:name|property)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)">`));
const jsonLdOf = (html: string): Record<string, unknown>[] =>
  [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1] ?? '') as Record<string, unknown>);

const sites = useReaderSites();

const SEED = 'news/ukrainian-patrol-police/index.html';
const SEED_SUMMARY =
  'An OSCE-supported series of re-training programmes for anti-trafficking and patrol police officers in Ukraine was launched on 14 September 2016 and will be implemented throughout the country. Some 200 anti-trafficking police officers passing the attestation process and over 3500 patrol police officers will participate in the 100-hour courses by the end of the year...';
const SEED_TITLE = 'Ukrainian patrol police, anti-trafficking officers build skills and knowledge with OSCE support';

describe('the head of an item page', () => {
  it('has the title, the summary as description, a canonical URL, Open Graph and Twitter tags', () => {
    const html = textOf(sites.sample.tree, SEED);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain(`<title>${SEED_TITLE} | Organization for Security and Co-operation in Europe</title>`);
    expect(meta(html, 'description')).toBe(SEED_SUMMARY);
    expect(attribute(html, /<link rel="canonical" href="([^"]*)">/)).toBe('https://newsroom.example.org/news/ukrainian-patrol-police/');
    expect(meta(html, 'og:type')).toBe('article');
    expect(meta(html, 'og:title')).toBe(SEED_TITLE);
    expect(meta(html, 'og:description')).toBe(SEED_SUMMARY);
    expect(meta(html, 'og:url')).toBe('https://newsroom.example.org/news/ukrainian-patrol-police/');
    expect(meta(html, 'og:site_name')).toBe('Organization for Security and Co-operation in Europe');
    expect(meta(html, 'og:locale')).toBe('en_GB');
    expect(meta(html, 'twitter:card')).toBe('summary');
    expect(meta(html, 'twitter:title')).toBe(SEED_TITLE);
    expect(meta(html, 'twitter:description')).toBe(SEED_SUMMARY);
  });

  it('has NewsArticle and BreadcrumbList JSON-LD that parse', () => {
    const [article, breadcrumbs] = jsonLdOf(textOf(sites.sample.tree, SEED));
    expect(article).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: SEED_TITLE,
      datePublished: '2016-09-13',
      publisher: { '@type': 'Organization', name: 'Organization for Security and Co-operation in Europe' },
      about: [{ '@type': 'Thing', name: 'Policing' }],
    });
    expect(breadcrumbs).toMatchObject({
      '@type': 'BreadcrumbList',
      itemListElement: [
        { position: 1, name: 'Home', item: 'https://newsroom.example.org/' },
        { position: 2, name: 'News', item: 'https://newsroom.example.org/news/' },
        { position: 3, name: '2016', item: 'https://newsroom.example.org/news/2016/' },
        { position: 4, name: SEED_TITLE, item: 'https://newsroom.example.org/news/ukrainian-patrol-police/' },
      ],
    });
  });

  it('prints the date as the seed does, inside <time datetime>', () => {
    expect(textOf(sites.sample.tree, SEED)).toContain('<time datetime="2016-09-13">13 September 2016</time>');
  });

  it('escapes hostile titles in JSON-LD and meta tags', () => {
    const hostile = 'Talks </script><script>alert(1)</script> & "quotes"';
    const dir = writeSite({ 'content/news/2016-09-13-hostile.md': newsItem({ title: JSON.stringify(hostile), summary: JSON.stringify(`Summary ${hostile}`) }) });
    try {
      const result = runCli(['build'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      const html = readTree(path.join(dir, 'dist')).get('news/hostile/index.html')?.toString('utf8') ?? '';
      expect(html).not.toContain('<script>alert(1)');
      const [article] = jsonLdOf(html);
      expect(article?.['headline']).toBe(hostile);
      expect(meta(html, 'og:title')).toBe(hostile);
      expect(meta(html, 'description')).toBe(`Summary ${hostile}`);
    } finally {
      removeDir(dir);
    }
  });
});

describe('every page', () => {
  it('has lang, a title, a description, a canonical URL, Open Graph and Twitter tags', () => {
    for (const site of [sites.sample, sites.fixture]) {
      for (const file of htmlPages(site.tree)) {
        const html = textOf(site.tree, file);
        expect(html, file).toMatch(/<html lang="en">/);
        expect(html, file).toMatch(/<title>[^<]+<\/title>/);
        expect(meta(html, 'description'), file).toMatch(/\S/);
        expect(attribute(html, /<link rel="canonical" href="([^"]*)">/), file).toMatch(/^https:\/\/newsroom\.example\.org\//);
        for (const key of ['og:type', 'og:title', 'og:description', 'og:url', 'twitter:card', 'twitter:title', 'twitter:description']) {
          expect(meta(html, key), `${file} ${key}`).toMatch(/\S/);
        }
        for (const data of jsonLdOf(html)) expect(data['@context'], file).toBe('https://schema.org');
      }
    }
  });
});

describe('weight', () => {
  it('keeps every item page’s HTML plus its one stylesheet at most 50 KB', () => {
    for (const site of [sites.sample, sites.fixture]) {
      const stylesheets = [...site.tree.keys()].filter((file) => /^assets\/style\.[0-9a-f]{10}\.css$/.test(file));
      expect(stylesheets).toHaveLength(1);
      const css = site.tree.get(stylesheets[0] ?? '')?.length ?? Infinity;
      const items = htmlPages(site.tree).filter((file) => textOf(site.tree, file).includes('"@type":"NewsArticle"'));
      expect(items.length).toBeGreaterThan(0);
      for (const file of items) {
        const html = textOf(site.tree, file);
        expect(html.match(/<link rel="stylesheet"/g), file).toHaveLength(1);
        expect((site.tree.get(file)?.length ?? Infinity) + css, file).toBeLessThanOrEqual(50 * 1024);
        expect(html, file).not.toContain('<script src');
      }
    }
  });
});
