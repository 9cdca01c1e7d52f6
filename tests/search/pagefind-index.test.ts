import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReadersFixture, textOf, type BuiltSite } from '../helpers/readers.js';
import { copyFixture, exists, readTree, removeDir, runCli } from '../helpers/site.js';

/** Pagefind's files are gzip-compressed with a `pagefind_dcd` signature in front. */
function unpack(bytes: Buffer): string {
  const text = gunzipSync(bytes).toString('utf8');
  expect(text.startsWith('pagefind_dcd')).toBe(true);
  return text.slice('pagefind_dcd'.length);
}

const searchFiles = (tree: ReadonlyMap<string, Buffer>): Map<string, Buffer> => new Map([...tree].filter(([file]) => file.startsWith('pagefind/')));

/** The readers fixture's items are of 2015, 2016 and 2017: the newest month's bundle (December 2017), the rest of its year's, then its period's earlier years'. */
const BUNDLES = ['2017-12', '2017', '2015-2016'];

let first: BuiltSite;
let second: Map<string, Buffer>;
beforeAll(() => {
  first = buildReadersFixture('dist');
  // A second, separate build of the same sources into another folder.
  const result = runCli(['build', '--out', 'dist-again'], { cwd: first.root });
  expect(result.code, result.stderr).toBe(0);
  second = readTree(path.join(first.root, 'dist-again'));
});
afterAll(() => first.remove());

describe('the Pagefind search index', () => {
  it('is written under pagefind/ by build, one bundle per period of the items (here the newest month, the rest of its year, and the years before it in its period), with the UI the search page loads', () => {
    expect(first.result.code, first.result.stderr).toBe(0);
    for (const file of ['pagefind/shards.json', 'pagefind/pagefind-ui.js', 'pagefind/pagefind-ui.css', ...BUNDLES.flatMap((bundle) => [`pagefind/${bundle}/pagefind-entry.json`, `pagefind/${bundle}/pagefind.js`])]) {
      expect(first.tree.has(file), file).toBe(true);
    }
    expect(JSON.parse(textOf(first.tree, 'pagefind/shards.json'))).toEqual({ all: BUNDLES.map((bundle) => `${bundle}/`), languages: { en: BUNDLES.map((bundle) => `${bundle}/`) } });
    const search = textOf(first.tree, 'search/index.html');
    expect(search).toContain('<script src="/pagefind/pagefind-ui.js" defer></script>');
    expect(search).toContain('<link rel="stylesheet" href="/pagefind/pagefind-ui.css">');
  });

  it('indexes exactly the item pages', () => {
    const counts = BUNDLES.map((bundle) => {
      const entry = JSON.parse(textOf(first.tree, `pagefind/${bundle}/pagefind-entry.json`)) as { languages: Record<string, { page_count: number }> };
      expect(Object.keys(entry.languages)).toEqual(['en']);
      return entry.languages['en']?.page_count;
    });
    // 1 item of December 2017, 3 of the rest of 2017, 9 of 2015 and 2016.
    expect(counts).toEqual([1, 3, 9]);
  });

  it('indexes the title, summary and body, not navigation or the facts box', () => {
    const fragments = [...searchFiles(first.tree)].filter(([file]) => file.includes('/fragment/')).map(([, bytes]) => JSON.parse(unpack(bytes)) as { url: string; content: string; meta: Record<string, string>; filters: Record<string, string[]> });
    const seed = fragments.find((f) => f.url === '/news/ukrainian-patrol-police/');
    expect(seed?.meta['title']).toBe('Ukrainian patrol police, anti-trafficking officers build skills and knowledge with OSCE support');
    expect(seed?.content).toMatch(/^Ukrainian patrol police, anti-trafficking officers build skills and knowledge with OSCE support\. An OSCE-supported series/);
    expect(seed?.content).toContain('said Kostiantyn Bushuev');
    for (const outside of ['Skip to main content', 'Main navigation', 'Issued by', 'Related news', 'Participating States', 'News item']) expect(seed?.content).not.toContain(outside);
    expect(seed?.filters).toEqual({
      'Field of work': ['Policing'],
      Country: ['Ukraine'],
      Issuer: ['OSCE Project Co-ordinator in Ukraine'],
      Type: ['News item'],
      Year: ['2016'],
    });
  });

  it('is byte-for-byte identical across two builds of the same sources', () => {
    const a = searchFiles(first.tree);
    const b = searchFiles(second);
    expect(a.size).toBeGreaterThan(5);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [file, bytes] of a) expect(bytes.equals(b.get(file) ?? Buffer.alloc(0)), file).toBe(true);
  });

  it('is the bundle Pagefind builds itself from the whole written pages (the build sends only the parts it reads)', async () => {
    const index = (await pagefind.createIndex({ rootSelector: 'html', writePlayground: false })).index;
    try {
      if (!index) throw new Error('Pagefind did not start');
      const added = await index.addDirectory({ path: first.out, glob: '**/*.html' });
      expect(added.errors).toEqual([]);
      const { files, errors } = await index.getFiles();
      expect(errors).toEqual([]);
      const built = searchFiles(first.tree);
      const ownBundle = new Map(files.map((file) => [file.path, Buffer.from(file.content)]));
      // Fragments hold each page's indexed text, metadata and filters, named by their hash (whatever bundle holds them);
      // the other files also depend on the order pages were added in (the build adds them in its own order, the
      // directory walk in another) and on which pages share a bundle.
      const fragments = (bundle: ReadonlyMap<string, Buffer>): Map<string, Buffer> => new Map([...bundle].filter(([file]) => file.includes('fragment/')).map(([file, bytes]) => [file.replace(/^.*fragment\//, ''), bytes]));
      const own = fragments(ownBundle);
      const ours = fragments(built);
      expect(own.size).toBe(13);
      expect([...ours.keys()].sort()).toEqual([...own.keys()].sort());
      for (const [name, bytes] of own) expect(unpack(ours.get(name) ?? Buffer.alloc(0))).toBe(unpack(bytes));
    } finally {
      await pagefind.close();
    }
  });

  it('indexes every page of the written folder when no template marks a data-pagefind-body, as Pagefind itself would', () => {
    const dir = copyFixture('readers-site');
    try {
      const item = path.join(dir, 'templates/item.liquid');
      writeFileSync(item, readFileSync(item, 'utf8').replaceAll(' data-pagefind-body', ''));
      const result = runCli(['build'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      const entry = JSON.parse(readFileSync(path.join(dir, 'dist/pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
      // The 13 items, and the lists, overviews and other pages besides, in one bundle at pagefind/ itself.
      expect(entry.languages['en']?.page_count).toBeGreaterThan(40);
      expect(JSON.parse(readFileSync(path.join(dir, 'dist/pagefind/shards.json'), 'utf8'))).toEqual({ all: [''], languages: { en: [''] } });
    } finally {
      removeDir(dir);
    }
  });

  it('is not built by check, which writes nothing', () => {
    const dir = copyFixture('readers-site');
    try {
      const result = runCli(['check'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      expect(exists(path.join(dir, 'dist'))).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(['content', 'templates']);
    } finally {
      removeDir(dir);
    }
  });
});
