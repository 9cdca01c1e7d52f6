import { mkdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { OutputFile, PublishedCopy, SiteFile } from '../../src/render/render-site.js';
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

/**
 * A page published unchanged by the last build, as the render stage hands it on: not read, only linked. `source`
 * defaults to a path that does not exist, so that reading it fails: the staging folder still gets `page`'s bytes.
 */
function copyOf(page: OutputFile, source = path.join(root, 'nowhere', page.path)): PublishedCopy & { readonly bytes: string | Uint8Array } {
  return { path: page.path, source, hash: createHash('sha256').update(page.content).digest('hex'), bytes: page.content };
}

interface PublishOptions {
  readonly cache: boolean;
  readonly kept?: number;
  readonly afterAdd?: (staging: string) => void;
  /** Fingerprints of the build whose output dist/ holds and of this one. */
  readonly previousBuild?: string;
  readonly thisBuild?: string;
}

/** One build of `pages` into shard A; with `cache`, into dist/ with the cache, otherwise into a folder of its own. */
async function publish(pages: readonly (OutputFile | ReturnType<typeof copyOf>)[], options: PublishOptions): Promise<Published> {
  builds += 1;
  const staging = path.join(root, 'builds', String(builds));
  const index = startSearchIndex({
    shards: new Map(pages.map((page) => [page.path, 'A'])),
    cacheDir: options.cache ? cacheDir : null,
    outDir,
    previousBuild: options.previousBuild ?? null,
    thisBuild: options.thisBuild ?? null,
    ...(options.kept === undefined ? {} : { keptWhileMatching: options.kept }),
  });
  try {
    for (const page of pages) {
      await index.add(page satisfies SiteFile);
      mkdirSync(path.dirname(path.join(staging, page.path)), { recursive: true });
      writeFileSync(path.join(staging, page.path), 'content' in page ? page.content : page.bytes);
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

describe('published copies (pages kept unchanged from the last build)', () => {
  it('are not read while their shard is reused: the last build recorded their hashes', async () => {
    await publish(tenPages(), { cache: true, thisBuild: 'one' });
    const again = await publish(tenPages().map((page) => copyOf(page)), { cache: true, previousBuild: 'one', thisBuild: 'two' });
    expect(again.summary).toEqual({ reused: ['A'], built: [] });
  });

  it('are read from the published output when their shard is built, which then equals a clean build', async () => {
    const pages = tenPages().map((page, i) => (i === 0 ? itemPage(0, 'a changed first participant') : copyOf(page, path.join(outDir, page.path))));
    const built = await publish(pages, { cache: true, previousBuild: 'two', thisBuild: 'three' });
    expect(built.summary).toEqual({ reused: [], built: ['A'] });
    const clean = await publish(tenPages().map((page, i) => (i === 0 ? itemPage(0, 'a changed first participant') : page)), { cache: false });
    expectSameBytes(built.bundle, clean.bundle);
  });

  it('are taken as not marked for search when the record is the published output’s and does not list them; read otherwise', async () => {
    const current = tenPages().map((page, i) => (i === 0 ? itemPage(0, 'a changed first participant') : page));
    const extra = itemPage(10, 'a page the record does not list');
    writeFileSync(path.join(root, 'extra.html'), extra.content);
    // The record (written by build "three") describes the output of build "three": the extra page cannot have been marked.
    const trusted = await publish([...current, copyOf(extra, path.join(root, 'extra.html'))], { cache: true, previousBuild: 'three', thisBuild: 'three' });
    expect(trusted.summary).toEqual({ reused: ['A'], built: [] });
    // A record of another build proves nothing: the page is read, found marked, and indexed.
    const untrusted = await publish([...current, copyOf(extra, path.join(root, 'extra.html'))], { cache: true, previousBuild: 'another', thisBuild: 'four' });
    expect(untrusted.summary).toEqual({ reused: [], built: ['A'] });
    expectSameBytes(untrusted.bundle, (await publish([...current, extra], { cache: false })).bundle);
  });
});
