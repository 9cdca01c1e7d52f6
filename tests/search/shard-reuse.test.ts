import { mkdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/render/render-site.js';
import { startSearchIndex, type SearchIndexSummary } from '../../src/search/pagefind-index.js';
import { makeTempDir, readTree, removeDir } from '../helpers/site.js';

// startSearchIndex driven directly, as renderAndPublish drives it: each page is handed over, then written into the
// staging folder; writeTo fills pagefind/; the staging folder is swapped in (dist becomes a link to it); saveCache.

const root = makeTempDir('shard-reuse-');
afterAll(() => removeDir(root));
const outDir = path.join(root, 'dist');
const cacheDir = path.join(root, 'cache');
let builds = 0;

function itemPage(i: number, words = `participant number ${i}`): OutputFile {
  return { path: `news/item-${i}/index.html`, content: `<!doctype html><html lang="en"><head><title>Item ${i}</title></head><body><nav>Menu</nav><article data-pagefind-body><h1>Item ${i}</h1><p>${words}</p></article></body></html>` };
}
const tenPages = (): OutputFile[] => Array.from({ length: 10 }, (_, i) => itemPage(i));

interface Published {
  readonly summary: SearchIndexSummary;
  readonly bundle: Map<string, Buffer>;
}

/** One build of `pages` into shard A; with `cache`, into dist/ with the cache, otherwise into a folder of its own. */
async function publish(pages: readonly OutputFile[], options: { cache: boolean; kept?: number; afterAdd?: (staging: string) => void }): Promise<Published> {
  builds += 1;
  const staging = path.join(root, 'builds', String(builds));
  const index = startSearchIndex({
    shards: new Map(pages.map((page) => [page.path, 'A'])),
    cacheDir: options.cache ? cacheDir : null,
    outDir,
    ...(options.kept === undefined ? {} : { keptWhileMatching: options.kept }),
  });
  try {
    for (const page of pages) {
      await index.add(page);
      mkdirSync(path.dirname(path.join(staging, page.path)), { recursive: true });
      writeFileSync(path.join(staging, page.path), page.content);
    }
    options.afterAdd?.(staging);
    const summary = await index.writeTo(staging);
    if (options.cache) {
      const link = path.join(root, `link-${builds}`);
      symlinkSync(staging, link);
      renameSync(link, outDir);
      await index.saveCache();
    }
    return { summary, bundle: readTree(path.join(staging, 'pagefind')) };
  } finally {
    await index.cancel();
  }
}

function expectSameBytes(actual: ReadonlyMap<string, Buffer>, expected: ReadonlyMap<string, Buffer>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [file, bytes] of expected) expect(actual.get(file)?.equals(bytes), file).toBe(true);
}

const inodesOfShard = (): Map<string, number> => new Map([...readTree(path.join(outDir, 'pagefind/A')).keys()].map((file) => [file, statSync(path.join(outDir, 'pagefind/A', file)).ino]));

describe('reusing a search shard', () => {
  it('builds a shard the first time, and reuses its files when no page changed', async () => {
    const first = await publish(tenPages(), { cache: true });
    expect(first.summary).toEqual({ reused: [], built: ['A'] });
    const before = inodesOfShard();
    const again = await publish(tenPages(), { cache: true });
    expect(again.summary).toEqual({ reused: ['A'], built: [] });
    expect(inodesOfShard()).toEqual(before);
    expectSameBytes(again.bundle, first.bundle);
  });

  it('builds it again, the same as a clean build, when a page past those kept in memory changed (read back from the staging folder)', async () => {
    const pages = tenPages().map((page, i) => (i === 7 ? itemPage(7, 'participant with other words') : page));
    const built = await publish(pages, { cache: true, kept: 3 });
    expect(built.summary).toEqual({ reused: [], built: ['A'] });
    expectSameBytes(built.bundle, (await publish(pages, { cache: false })).bundle);
  });

  it('builds it again, the same as a clean build, when one of the first pages changed (streamed from there)', async () => {
    const pages = tenPages().map((page, i) => (i === 7 ? itemPage(7, 'participant with other words') : i === 1 ? itemPage(1, 'a new first participant') : page));
    const built = await publish(pages, { cache: true, kept: 3 });
    expect(built.summary).toEqual({ reused: [], built: ['A'] });
    expectSameBytes(built.bundle, (await publish(pages, { cache: false })).bundle);
  });

  const edited = (): OutputFile[] => tenPages().map((page, i) => (i === 7 ? itemPage(7, 'participant with other words') : i === 1 ? itemPage(1, 'a new first participant') : page));

  it('builds it again when its last page is gone', async () => {
    const pages = edited().slice(0, 9);
    const built = await publish(pages, { cache: true, kept: 3 });
    expect(built.summary).toEqual({ reused: [], built: ['A'] });
    expectSameBytes(built.bundle, (await publish(pages, { cache: false })).bundle);
  });

  it('refuses to build from a page that changed in the staging folder after it was handed over', async () => {
    // Page 8 changed: past the pages kept, so the shard is read back, and page 2 is not what was handed over.
    const pages = edited().slice(0, 9).map((page, i) => (i === 8 ? itemPage(8, 'participant again') : page));
    await expect(
      publish(pages, { cache: true, kept: 3, afterAdd: (staging) => writeFileSync(path.join(staging, 'news/item-2/index.html'), itemPage(2, 'changed behind the index’s back').content) }),
    ).rejects.toThrow(/news\/item-2\/index.html changed in the staging folder/);
  });

  it('builds it again, the same as a clean build, when its previous files vanish while the build runs', async () => {
    // The same pages as the last published build: the shard would be reused, but a file goes after the pages are in.
    const pages = edited().slice(0, 9);
    const built = await publish(pages, { cache: true, kept: 3, afterAdd: () => rmSync(path.join(outDir, 'pagefind/A/pagefind-entry.json')) });
    expect(built.summary).toEqual({ reused: [], built: ['A'] });
    expectSameBytes(built.bundle, (await publish(pages, { cache: false })).bundle);
  });
});
