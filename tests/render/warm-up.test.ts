import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../lib/build.js';
import { createLastBuildMemo } from '../../lib/incremental/text-edit.js';
import type { PageRenderPool } from '../../lib/render/page-pool.js';
import { createPageMemo } from '../../lib/render/render-site.js';
import { newsItem, removeDir, writeSite } from '../helpers/site.js';

const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDir));

/** A pool that renders nothing, recording what it is sent and how many batches are out at once. */
function recordingPool(): PageRenderPool & { readonly batches: number[]; readonly feedBatches: number[]; mostAtOnce: number } {
  let out = 0;
  const pool = {
    batches: [] as number[],
    feedBatches: [] as number[],
    mostAtOnce: 0,
    async render(_templates: unknown, _key: string, pages: readonly unknown[], feeds: readonly unknown[] = []) {
      pool.batches.push(pages.length);
      pool.feedBatches.push(feeds.length);
      out += 1;
      pool.mostAtOnce = Math.max(pool.mostAtOnce, out);
      await new Promise((resolve) => setTimeout(resolve, 1));
      out -= 1;
      return { pages: pages.map(() => ''), feeds: feeds.map(() => '') };
    },
    close: async () => undefined,
  };
  return pool;
}

describe('warming the page workers after a session’s whole-site build', () => {
  it('sends the sample a round at a time, never all of its views at once', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i += 1) {
      const day = String((i % 28) + 1).padStart(2, '0');
      files[`content/news/2019-0${(i % 9) + 1}-${day}-item-${i}.md`] = newsItem({ title: `Item ${i}`, date: `2019-0${(i % 9) + 1}-${day}` }, `Text ${i}.`);
    }
    const dir = writeSite(files);
    temporary.push(dir);
    const pool = recordingPool();
    const result = await build({ cwd: dir, buildDate: '2026-01-15', write: false, cacheDir: null, pageMemo: createPageMemo(pool), lastBuild: createLastBuildMemo() });
    expect(result.ok).toBe(true);
    const items = result.model?.pages.filter((page) => page.kind === 'item').length ?? 0;
    const others = (result.model?.pages.length ?? 0) - items;
    expect(items).toBe(150);
    // Every page of this site is in the sample (up to 600 item pages and 150 others), sent in rounds of at most 64.
    await expect.poll(() => pool.batches.reduce((sum, count) => sum + count, 0)).toBe(items + Math.min(others, 150));
    expect(pool.batches.length).toBeGreaterThan(2);
    expect(Math.max(...pool.batches)).toBeLessThanOrEqual(64);
    expect(pool.mostAtOnce).toBe(1);
    // The feeds go once, with the first round.
    expect(pool.feedBatches[0]).toBeGreaterThan(0);
    expect(pool.feedBatches.slice(1).every((count) => count === 0)).toBe(true);
  });
});
