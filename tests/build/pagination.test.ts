import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exists, newsItem, readText, removeDir, repoRoot, runCli, writeSite } from '../helpers/site.js';

const sites: string[] = [];
afterEach(() => sites.splice(0).forEach(removeDir));

/** Item i is dated i days into 2019 (so item 1 is the oldest), tagged Policing, named "Item number i". */
function itemFile(i: number): [string, string] {
  const date = new Date(Date.UTC(2019, 0, i)).toISOString().slice(0, 10);
  return [`content/news/${date}-item-${i}.md`, newsItem({ title: `Item number ${i}`, date, fieldsOfWork: '[policing]' })];
}

function writeSiteWithItems(count: number, pageSize = 20): string {
  const files: Record<string, string> = {
    'content/site.yaml': readFileSync(path.join(repoRoot, 'content/site.yaml'), 'utf8').replace(/^pageSize: \d+$/m, `pageSize: ${pageSize}`),
  };
  for (let i = 1; i <= count; i += 1) {
    const [file, text] = itemFile(i);
    files[file] = text;
  }
  const site = writeSite(files);
  sites.push(site);
  return site;
}

function build(site: string): string {
  const result = runCli(['build'], { cwd: site });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return path.join(site, 'dist');
}

const countItems = (html: string): number => (html.match(/class="item-card"/g) ?? []).length;
const itemNumbers = (html: string): number[] => [...html.matchAll(/>Item number (\d+)</g)].map((m) => Number(m[1]));
const pageFile = (dist: string, base: string, page: number): string => path.join(dist, base, page === 0 ? '' : `page/${page}/`, 'index.html');

describe('pagination with a page size of 20', () => {
  it.each([
    [0, 0],
    [1, 0],
    [20, 0],
    [21, 1],
    [45, 2],
  ])('%i items: the first page holds the newest 20, and %i numbered page(s) the rest, page 1 the oldest (news and term alike)', (items, numbered) => {
    const dist = build(writeSiteWithItems(items));
    for (const base of ['news', 'fields-of-work/policing']) {
      const first = readText(pageFile(dist, base, 0));
      expect(countItems(first)).toBe(Math.min(items, 20));
      expect(first).toContain(`${items} items`);
      for (let page = 1; page <= 3; page += 1) expect(exists(pageFile(dist, base, page)), `${base} page ${page}`).toBe(page <= numbered);
      if (items === 0) expect(first).toContain('There are no news items here yet.');
      if (numbered === 0) {
        expect(first).not.toContain('class="pagination"');
        continue;
      }
      expect(first).toContain(`<a href="/${base}/page/${numbered}/" rel="next">Next</a>`);
      const oldest = readText(pageFile(dist, base, 1));
      expect(itemNumbers(oldest)).toEqual(Array.from({ length: Math.min(20, items - 20) }, (_, i) => Math.min(20, items - 20) - i));
      expect(oldest).not.toContain('rel="next"');
      expect(oldest).toContain('<p>Page 1</p>');
      expect(oldest).toMatch(/<title>[^<]* – Page 1 \|/);
      // The count changes with every item, so only the first page shows it.
      expect(oldest).not.toContain(`${items} items`);
      if (numbered === 2) {
        // 45 items: page 1 holds items 1-20, page 2 the five between it and the first page.
        const newest = readText(pageFile(dist, base, 2));
        expect(itemNumbers(newest)).toEqual([25, 24, 23, 22, 21]);
        expect(newest).toContain(`<a href="/${base}/" rel="prev">Previous</a>`);
        expect(newest).toContain(`<a href="/${base}/page/1/" rel="next">Next</a>`);
        expect(oldest).toContain(`<a href="/${base}/page/2/" rel="prev">Previous</a>`);
      } else {
        expect(oldest).toContain(`<a href="/${base}/" rel="prev">Previous</a>`);
      }
    }
  });
});

describe('pagination of a long series', () => {
  it('links the first page, page 1 and two on either side of the current one, newest first, with gaps between', () => {
    // Page size 1 and 12 items: the first page holds item 12, page N item N.
    const dist = build(writeSiteWithItems(12, 1));
    const pageUrl = (n: number): string => (n === 0 ? '/news/' : `/news/page/${n}/`);
    const linked = (html: string): string[] => {
      const nav = /<nav class="pagination"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
      return [...nav.matchAll(/<li>(?:<a href="([^"]+)">([^<]+)<\/a>|<span aria-current="page">([^<]+)<\/span>|<span class="pagination__gap">…<\/span>)<\/li>/g)].map((m) => {
        if (m[3] !== undefined) return `[${m[3]}]`;
        if (m[2] === undefined) return '…';
        expect(m[1]).toBe(m[2] === 'Latest' ? '/news/' : pageUrl(Number(m[2])));
        return m[2];
      });
    };
    const expected: Record<number, string[]> = {
      0: ['[Latest]', '11', '10', '…', '1'],
      11: ['Latest', '[11]', '10', '9', '…', '1'],
      6: ['Latest', '…', '8', '7', '[6]', '5', '4', '…', '1'],
      3: ['Latest', '…', '5', '4', '[3]', '2', '1'],
      1: ['Latest', '…', '3', '2', '[1]'],
    };
    for (const [number, links] of Object.entries(expected)) {
      const html = readText(pageFile(dist, 'news', Number(number)));
      expect(linked(html), `page ${number}`).toEqual(links);
      expect(itemNumbers(html.slice(html.indexOf('<main'))), `page ${number}`).toEqual([Number(number) || 12]);
    }
  });
});

describe('pages numbered from the oldest', () => {
  it('keep their bytes when an item is added: only the first page and the newest numbered one change', () => {
    // Page size 2, 13 items: the first page holds items 13 and 12, page 1 items 2 and 1, ..., page 6 item 11 alone.
    const site = writeSiteWithItems(13, 2);
    const readPages = (dist: string, base: string): Map<number, string> => new Map([0, 1, 2, 3, 4, 5, 6, 7].filter((n) => exists(pageFile(dist, base, n))).map((n) => [n, readText(pageFile(dist, base, n))]));
    const before = new Map(['news', 'fields-of-work/policing', 'news/2019'].map((base) => [base, readPages(build(site), base)]));
    const [file, text] = itemFile(14);
    writeFileSync(path.join(site, file), text);
    const dist = build(site);
    for (const [base, pages] of before) {
      const after = readPages(dist, base);
      expect([...after.keys()], base).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(itemNumbers(after.get(6) ?? ''), base).toEqual([12, 11]);
      expect(itemNumbers(after.get(0) ?? ''), base).toEqual([14, 13]);
      const changed = [...after].filter(([number, html]) => pages.get(number) !== html).map(([number]) => number);
      expect(changed, base).toEqual([0, 6]);
    }
  });
});
