import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exists, newsItem, readText, removeDir, repoRoot, runCli, writeSite } from '../helpers/site.js';

const sites: string[] = [];
afterEach(() => sites.splice(0).forEach(removeDir));

function buildWithItems(count: number): string {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
    files[`content/news/2019-${month}-${day}-item-${i}.md`] = newsItem({ title: `Item number ${i}`, date: `2019-${month}-${day}`, fieldsOfWork: '[policing]' });
  }
  const site = writeSite(files);
  sites.push(site);
  const result = runCli(['build'], { cwd: site });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return site;
}

const countItems = (html: string): number => (html.match(/class="item-card"/g) ?? []).length;

describe('pagination with a page size of 20', () => {
  it.each([
    [0, 1],
    [1, 1],
    [20, 1],
    [21, 2],
  ])('%i items make %i news page(s), and the same for a term', (items, pages) => {
    const site = buildWithItems(items);
    const dist = path.join(site, 'dist');
    for (const base of ['news', 'fields-of-work/policing']) {
      const first = readText(path.join(dist, base, 'index.html'));
      expect(countItems(first)).toBe(Math.min(items, 20));
      expect(exists(path.join(dist, base, 'page/2/index.html'))).toBe(pages === 2);
      expect(exists(path.join(dist, base, 'page/1/index.html'))).toBe(false);
      if (items === 0) expect(first).toContain('There are no news items here yet.');
      if (pages === 2) {
        const second = readText(path.join(dist, base, 'page/2/index.html'));
        expect(countItems(second)).toBe(1);
        expect(first).toContain(`<a href="/${base}/page/2/" rel="next">Next</a>`);
        expect(second).toContain(`<a href="/${base}/" rel="prev">Previous</a>`);
        expect(second).toContain('Page 2 of 2');
        // Newest first across pages: the oldest item is alone on page 2.
        expect(second).toContain('Item number 1<');
      } else {
        expect(first).not.toContain('rel="next"');
      }
    }
  });
});

describe('pagination of a long series', () => {
  it('links the first and last pages and two on either side of the current one, with gaps between, on every page', () => {
    const files: Record<string, string> = {
      'content/site.yaml': readFileSync(path.join(repoRoot, 'content/site.yaml'), 'utf8').replace(/^pageSize: \d+$/m, 'pageSize: 1'),
    };
    for (let i = 1; i <= 12; i += 1) files[`content/news/2019-01-${String(i).padStart(2, '0')}-item-${i}.md`] = newsItem({ title: `Item ${i}`, date: `2019-01-${String(i).padStart(2, '0')}` });
    const site = writeSite(files);
    sites.push(site);
    const result = runCli(['build'], { cwd: site });
    expect(result.stderr).toBe('');
    const pageUrl = (n: number): string => (n === 1 ? '/news/' : `/news/page/${n}/`);
    const linkedNumbers = (html: string): number[] => {
      const nav = /<nav class="pagination"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
      return [...nav.matchAll(/<a href="([^"]+)">(\d+)<\/a>/g)].map((m) => {
        expect(m[1]).toBe(pageUrl(Number(m[2])));
        return Number(m[2]);
      });
    };
    const expected: Record<number, { links: number[]; gaps: number }> = {
      1: { links: [2, 3, 12], gaps: 1 },
      4: { links: [1, 2, 3, 5, 6, 12], gaps: 1 },
      6: { links: [1, 4, 5, 7, 8, 12], gaps: 2 },
      12: { links: [1, 10, 11], gaps: 1 },
    };
    for (const [number, { links, gaps }] of Object.entries(expected)) {
      const html = readText(path.join(site, 'dist', pageUrl(Number(number)), 'index.html'));
      expect(linkedNumbers(html), `page ${number}`).toEqual(links);
      expect(html).toContain(`<span aria-current="page">${number}</span>`);
      expect(html.split('class="pagination__gap"').length - 1, `page ${number}`).toBe(gaps);
    }
  });
});
