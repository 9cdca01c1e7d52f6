import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../lib/build.js';
import { renderBodies } from '../../lib/render/markdown-pool.js';
import { renderMarkdown } from '../../lib/render/markdown.js';
import { expectSameSiteBothWays } from '../helpers/same-build.js';
import { exists, makeTempDir, newsItem, removeDir, writeSite } from '../helpers/site.js';

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
    const pooled = await Promise.all(renderBodies(bodies, policy, { threshold: 0 }).results);
    expect(pooled).toEqual(inline);
    expect(pooled[7]?.html).toContain('<h2>Heading 7</h2>');
    expect(pooled[7]?.html).not.toContain('<script>');
    expect(pooled[7]?.itemLinks).toEqual(['news/2020/2020-01-08-x.md']);
  });

  it('reads a body from its file when told where it is, and refuses a file that changed since it was read', async () => {
    const dir = makeTempDir();
    temporary.push(dir);
    const file = path.join(dir, 'item.md');
    const text = '\uFEFF---\r\ntitle: “Quoted”\r\n---\r\n\r\n## Part\r\n\r\nSee [the other](2020-01-02-x.md).\r\n';
    writeFileSync(file, text);
    const hash = createHash('sha256').update(text).digest('hex');
    // As the load stage decodes it: no byte-order mark, LF line ends; the body starts after the closing "---" line.
    const decoded = text.slice(1).replace(/\r\n/g, '\n');
    const bodyStart = decoded.indexOf('---\n', 3) + 4;
    const inFile = { absolutePath: file, hash, bodyStart };
    const jobs = [{ inFile, relativePath: 'news/2020/item.md' }, { inFile: { ...inFile, hash: hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }, relativePath: 'news/2020/item.md' }];
    for (const threshold of [0, Number.POSITIVE_INFINITY]) {
      const [fromFile, changed] = await Promise.all(renderBodies(jobs, policy, { threshold }).results);
      expect(fromFile).toEqual(renderMarkdown(decoded.slice(bodyStart), 'news/2020/item.md', policy));
      expect(fromFile).toMatchObject({ itemLinks: ['news/2020/2020-01-02-x.md'] });
      expect(changed).toBe('source-changed');
    }
  });

  it('hands the workers only `lead` jobs past the furthest one needed', async () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ markdown: `Body ${i}`, relativePath: `news/item-${i}.md` }));
    const rendering = renderBodies(many, policy, { threshold: 0, lead: 40 });
    const settled = new Set<number>();
    rendering.results.forEach((result, index) => void result.then(() => settled.add(index)));
    await rendering.results[0];
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The first 40 jobs, rounded up to whole batches of 32: jobs 0-63.
    expect(Math.max(...settled)).toBe(63);
    rendering.need(100);
    await rendering.results[140];
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(Math.max(...settled)).toBe(159);
    rendering.need(Number.POSITIVE_INFINITY);
    expect((await Promise.all(rendering.results)).map((body) => body !== null && body !== 'source-changed' && body.html.trim())).toEqual(many.map((_, i) => `<p>Body ${i}</p>`));
  });

  it('fails a build whose item file is saved again before its body is read, and publishes nothing', async () => {
    const files: Record<string, string> = {};
    // Newest first is the order bodies are rendered in: the oldest item is well past the first jobs handed out.
    for (let i = 0; i < 320; i += 1) {
      const date = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      files[`content/news/${date}-item-${i}.md`] = newsItem({ title: `Item ${i}`, date }, `Body ${i}.`);
    }
    const dir = writeSite(files);
    temporary.push(dir);
    const oldest = path.join(dir, 'content/news/2020-01-01-item-0.md');
    const result = await build({
      cwd: dir,
      buildDate: '2026-01-15',
      cacheDir: null,
      searchIndex: false,
      workerThreshold: 0,
      hooks: { pause: async (point) => void (point === 'before-write' && writeFileSync(oldest, newsItem({ title: 'Item 0', date: '2020-01-01' }, 'Saved again.'))) },
    });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`)).toEqual(['content/news/2020-01-01-item-0.md:1:1 source-changed']);
    expect(exists(path.join(dir, 'dist'))).toBe(false);
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
