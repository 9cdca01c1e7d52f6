import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exists, newsItem, readText, removeDir, runCli, writeSite } from '../helpers/site.js';

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
