import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSearchIndex } from '../../lib/search/pagefind-index.js';
import { readTree, trackedTempDirs } from '../helpers/site.js';

const temp = trackedTempDirs('communique-early-shards-');
afterAll(temp.removeAll);
const folder = (): string => temp.make();

const page = (title: string): string =>
  `<!DOCTYPE html><html lang="en"><head><title>${title}</title></head><body><main data-pagefind-body><h1>${title}</h1><p>Text about ${title.toLowerCase()} and elections.</p></main></body></html>`;
// Two shards: the newest year's pages come first, as the build adds them.
const files = [
  { path: 'news/c/index.html', content: page('Gamma'), shard: '2024' },
  { path: 'news/b/index.html', content: page('Beta'), shard: '2020-2023' },
  { path: 'news/a/index.html', content: page('Alpha'), shard: '2020-2023' },
];
const shards = new Map(files.map((file) => [file.path, file.shard]));

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((resolve) => setTimeout(resolve, 25))) if (condition()) return true;
  return condition();
}

describe('search shards written early', () => {
  it('writes a shard as soon as its last page is in, and the bundle is the one writeTo alone writes', async () => {
    const early = folder();
    const search = startSearchIndex({ shards });
    search.writeShardsEarlyInto(early);
    const [newest, ...older] = files;
    if (!newest) throw new Error('no pages');
    await search.add(newest);
    expect(await until(() => existsSync(path.join(early, 'pagefind/2024/pagefind-entry.json')), 20_000), 'the 2024 shard is written before writeTo').toBe(true);
    expect(existsSync(path.join(early, 'pagefind/2020-2023')), 'a shard still missing pages waits').toBe(false);
    for (const file of older) await search.add(file);
    const summary = await search.writeTo(early);
    expect(summary.built).toEqual(['2024', '2020-2023']);

    const late = folder();
    const plain = startSearchIndex({ shards });
    for (const file of files) await plain.add(file);
    await plain.writeTo(late);

    const a = readTree(early);
    const b = readTree(late);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.size).toBeGreaterThan(8);
    for (const [file, bytes] of b) expect(a.get(file)?.equals(bytes), file).toBe(true);
  });

  it('writes nothing more once stopped, so that a failed build can delete the folder', async () => {
    const dir = folder();
    const search = startSearchIndex({ shards });
    search.writeShardsEarlyInto(dir);
    const [newest] = files;
    if (!newest) throw new Error('no pages');
    // Its shard is complete: the write is queued at once; stopping waits for it (or skips it).
    await search.add(newest);
    await search.stopEarlyWrites();
    rmSync(dir, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(existsSync(dir), 'nothing written after the folder was deleted').toBe(false);
    await search.cancel();
  });
});
