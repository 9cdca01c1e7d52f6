import { afterAll, describe, expect, it } from 'vitest';
import { renderBodies } from '../../lib/render/markdown-pool.js';
import { renderMarkdown } from '../../lib/render/markdown.js';
import { expectSameSiteBothWays } from '../helpers/same-build.js';
import { newsItem, removeDir, writeSite } from '../helpers/site.js';

const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDir));

const policy = { mode: 'sanitize' as const, embedHosts: [] };
const bodies = Array.from({ length: 40 }, (_, i) => ({
  markdown: `# Heading ${i}\n\nText with <b>bold</b><script>alert(${i})</script> and [an item](2020-01-0${(i % 9) + 1}-x.md#part).\n\n> quote\n\n- a\n- b\n`,
  relativePath: `news/2020/item-${i}.md`,
}));

describe('rendering bodies on worker threads', () => {
  it('gives, in order, exactly what the main thread gives', async () => {
    const inline = bodies.map((b) => renderMarkdown(b.markdown, b.relativePath, policy));
    const pooled = await Promise.all(renderBodies(bodies, policy, { threshold: 0 }));
    expect(pooled).toEqual(inline);
    expect(pooled[7]?.html).toContain('<h2>Heading 7</h2>');
    expect(pooled[7]?.html).not.toContain('<script>');
    expect(pooled[7]?.itemLinks).toEqual(['news/2020/2020-01-08-x.md']);
  });

  it('builds the same site whether bodies render on workers or on the main thread', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 9; i += 1) files[`content/news/2020-01-0${i}-item-${i}.md`] = newsItem({ title: `Item ${i}`, date: `2020-01-0${i}` }, `## Part\n\nBody ${i} with *emphasis*.`);
    const dir = writeSite(files);
    temporary.push(dir);
    const written = await expectSameSiteBothWays({ cwd: dir, buildDate: '2026-01-15', cacheDir: null }, { workerThreshold: 0 }, { workerThreshold: Number.POSITIVE_INFINITY });
    expect(written).toBeGreaterThan(20);
  });
});
