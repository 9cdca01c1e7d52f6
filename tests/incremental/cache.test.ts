import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mayLinkToAny } from '../../lib/cache/link-filter.js';
import { copyFixture, exists, newsItem, readTree, removeDir, runCli, writeSite } from '../helpers/site.js';

const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDir));

/** A site with enough items that bodies render on worker threads (the threshold is 64). */
function manyItemSite(count: number): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i += 1) {
    const day = String((i % 28) + 1).padStart(2, '0');
    files[`content/news/2020-02-${day}-item-${i}.md`] = newsItem(
      { title: `Item ${i}`, date: `2020-02-${day}`, fieldsOfWork: i % 2 ? '[policing]' : '[education]' },
      `## Part ${i}\n\nText of item ${i} with [a link](https://example.org/${i}).\n\n> A quote.\n\n- one\n- two`,
    );
  }
  const dir = writeSite(files);
  temporary.push(dir);
  return dir;
}

function edit(dir: string, relative: string, change: (text: string) => string): void {
  const file = path.join(dir, relative);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

/**
 * Builds with the cache into dist/ and without it into clean/; both must succeed and be equal byte for byte.
 * Returns dist/'s files and how many pages the cached build read back instead of rendering.
 */
function buildBothAndCompare(dir: string): Map<string, Buffer> & { reused: number } {
  const cached = runCli(['build'], { cwd: dir });
  expect(cached.stderr).toBe('');
  expect(cached.code).toBe(0);
  const clean = runCli(['build', '--no-cache', '--out', 'clean'], { cwd: dir });
  expect(clean.code).toBe(0);
  const actual = readTree(path.join(dir, 'dist'));
  const expected = readTree(path.join(dir, 'clean'));
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [file, bytes] of expected) expect(actual.get(file)?.equals(bytes), file).toBe(true);
  const reused = Number(cached.stdout.match(/^(\d+) pages and feeds were unchanged since the last build/m)?.[1] ?? 0);
  return Object.assign(actual, { reused });
}

/** The body cache's shard files, each with its inode (a rewritten shard is a new file, renamed into place). */
function bodyShards(dir: string): Map<string, number> {
  const folder = path.join(dir, '.cache/communique/bodies');
  return new Map(readdirSync(folder).filter((name) => /^[0-9a-f]{2}\.json$/.test(name)).map((name) => [name, statSync(path.join(folder, name)).ino]));
}

const itemPage = (tree: Map<string, Buffer>, slug: string): string => {
  const bytes = tree.get(`news/${slug}/index.html`);
  if (!bytes) throw new Error(`news/${slug}/index.html was not written: ${[...tree.keys()].filter((k) => k.startsWith('news/')).slice(0, 5).join(', ')}`);
  return bytes.toString('utf8');
};

describe('the build cache', () => {
  it('stores bodies in .cache/communique, and a second build with nothing changed writes nothing', () => {
    const dir = manyItemSite(70);
    buildBothAndCompare(dir);
    expect(bodyShards(dir).size).toBeGreaterThan(0);
    const before = statSync(path.join(dir, 'dist/news/item-3/index.html'));
    const again = runCli(['build'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('Nothing changed since the last build: dist/ is up to date (' + again.stdout.match(/\((\d+) pages\)/)?.[1] + ' pages).');
    expect(statSync(path.join(dir, 'dist/news/item-3/index.html')).mtimeMs).toBe(before.mtimeMs);
  });

  it('does not call a site up to date whose search bundle was touched by hand, and restores the bundle', () => {
    const dir = manyItemSite(3);
    const nothingChanged = /^Nothing changed since the last build/;
    expect(runCli(['build'], { cwd: dir }).code).toBe(0);
    const entryFile = path.join(dir, 'dist/pagefind/pagefind-ui.js');
    const original = readFileSync(entryFile);
    expect(runCli(['build'], { cwd: dir }).stdout).toMatch(nothingChanged);
    // A deleted entry file: the search page would load nothing.
    rmSync(entryFile);
    const afterDelete = runCli(['build'], { cwd: dir });
    expect(afterDelete.code).toBe(0);
    expect(afterDelete.stdout).not.toMatch(nothingChanged);
    expect(readFileSync(entryFile).equals(original)).toBe(true);
    // A file inside a shard's bundle, changed.
    const shardFolder = readdirSync(path.join(dir, 'dist/pagefind'), { withFileTypes: true }).find((entry) => entry.isDirectory());
    if (!shardFolder) throw new Error('no shard folder in dist/pagefind');
    const shardEntry = path.join(dir, 'dist/pagefind', shardFolder.name, 'pagefind-entry.json');
    const shardOriginal = readFileSync(shardEntry);
    writeFileSync(shardEntry, '{}');
    const afterEdit = runCli(['build'], { cwd: dir });
    expect(afterEdit.stdout).not.toMatch(nothingChanged);
    expect(readFileSync(shardEntry).equals(shardOriginal)).toBe(true);
    expect(runCli(['build'], { cwd: dir }).stdout).toMatch(nothingChanged);
  });

  it('rewrites only changed files after an edit: unchanged ones are hard links to the previous output', () => {
    const dir = manyItemSite(70);
    buildBothAndCompare(dir);
    const untouched = statSync(path.join(dir, 'dist/news/item-3/index.html')).ino;
    const editedBefore = statSync(path.join(dir, 'dist/news/item-5/index.html')).ino;
    edit(dir, 'content/news/2020-02-06-item-5.md', (text) => text.replace('Text of item 5', 'Corrected text of item 5'));
    const tree = buildBothAndCompare(dir);
    expect(itemPage(tree, 'item-5')).toContain('Corrected text of item 5');
    expect(statSync(path.join(dir, 'dist/news/item-3/index.html')).ino).toBe(untouched);
    expect(statSync(path.join(dir, 'dist/news/item-5/index.html')).ino).not.toBe(editedBefore);
  });

  it('checks the links of a body a publish renders again, though it leaves the bodies of kept pages unchecked', () => {
    const dir = manyItemSite(70);
    buildBothAndCompare(dir);
    // One body gains a broken site link and another a link to an item that is not there: the cached build must report
    // both as a clean build does, and publish nothing.
    edit(dir, 'content/news/2020-02-06-item-5.md', (text) => text.replace('Text of item 5', 'Text of item 5, see [the archive](/no-such-archive/)'));
    edit(dir, 'content/news/2020-02-07-item-6.md', (text) => text.replace('Text of item 6', 'Text of item 6, see [this](2020-02-30-missing.md)'));
    const published = readTree(path.join(dir, 'dist'));
    const cached = runCli(['build'], { cwd: dir });
    const clean = runCli(['build', '--no-cache', '--out', 'clean'], { cwd: dir });
    expect(cached.code).toBe(1);
    expect(clean.code).toBe(1);
    expect(cached.stderr).toContain('content/news/2020-02-06-item-5.md:');
    expect(cached.stderr).toContain('/no-such-archive/');
    expect(cached.stderr).toContain('content/news/2020-02-07-item-6.md:');
    expect(cached.stderr).toContain('2020-02-30-missing.md, which is not a published item');
    expect(cached.stderr).toBe(clean.stderr.replaceAll('clean/', 'dist/'));
    const after = readTree(path.join(dir, 'dist'));
    expect([...after.keys()].sort()).toEqual([...published.keys()].sort());
    for (const [file, bytes] of published) expect(after.get(file)?.equals(bytes), file).toBe(true);
  });

  it('after an item is deleted, checks again the kept pages whose links may lead to it: a link to it in a kept page fails the build as in a clean build', () => {
    const dir = manyItemSite(40);
    // Item 3 (policing) links to item 20 (education) in its text; item 20 is in none of item 3's lists or related
    // items, so item 3's page is kept as published when item 20 goes, and only its link filter says to check it.
    edit(dir, 'content/news/2020-02-04-item-3.md', (text) => text.replace('Text of item 3', 'Text of item 3, after [item 20](/news/item-20/)'));
    buildBothAndCompare(dir);
    const manifest = JSON.parse(readFileSync(path.join(dir, '.cache/communique/output.json'), 'utf8')) as { pages: Record<string, string>; pageLinks: Record<string, string> };
    // Every page has a filter; feeds, whose links are not checked, have keys only.
    expect(Object.keys(manifest.pageLinks).sort()).toEqual(Object.keys(manifest.pages).filter((file) => !file.endsWith('.xml')).sort());
    const mayLinkToItem20 = mayLinkToAny(['news/item-20/index.html']);
    expect(mayLinkToItem20(manifest.pageLinks['news/item-3/index.html'])).toBe(true);
    // Most pages do not (the lists and related sections that show item 20 do).
    const linking = Object.values(manifest.pageLinks).filter((filter) => mayLinkToItem20(filter)).length;
    expect(linking).toBeLessThan(Object.keys(manifest.pageLinks).length / 2);

    // An item no text links to: deleted, the site equals a clean build.
    rmSync(path.join(dir, 'content/news/2020-02-03-item-30.md'));
    const kept = buildBothAndCompare(dir);
    expect(kept.reused).toBeGreaterThan(40);
    expect(itemPage(kept, 'item-3')).toContain('href="/news/item-20/"');

    // The item item 3 links to: the cached build reports the link where a clean build does, and publishes nothing.
    const published = readTree(path.join(dir, 'dist'));
    rmSync(path.join(dir, 'content/news/2020-02-21-item-20.md'));
    const cached = runCli(['build'], { cwd: dir });
    const clean = runCli(['build', '--no-cache', '--out', 'clean'], { cwd: dir });
    expect(clean.code).toBe(1);
    expect(cached.code).toBe(1);
    expect(cached.stderr).toContain('content/news/2020-02-04-item-3.md:');
    expect(cached.stderr).toContain('/news/item-20/');
    expect(cached.stderr).toBe(clean.stderr.replaceAll('clean/', 'dist/'));
    const after = readTree(path.join(dir, 'dist'));
    expect([...after.keys()].sort()).toEqual([...published.keys()].sort());
  });

  it('after an item is deleted, treats a draft linking to it as a clean build does (its text is on no page, and not checked)', () => {
    const dir = manyItemSite(12);
    writeFileSync(path.join(dir, 'content/news/2020-02-27-draft.md'), newsItem({ title: 'A draft', date: '2020-02-27', draft: 'true' }, 'Draft text, after [item 5](/news/item-5/).'));
    buildBothAndCompare(dir);
    rmSync(path.join(dir, 'content/news/2020-02-06-item-5.md'));
    const cached = runCli(['build'], { cwd: dir });
    const clean = runCli(['build', '--no-cache', '--out', 'clean'], { cwd: dir });
    expect(cached.stderr).toBe(clean.stderr.replaceAll('clean/', 'dist/'));
    expect(cached.code).toBe(clean.code);
    expect(clean.code).toBe(0);
  });

  it('keeps pages and feeds whose view (or feed document) and templates are unchanged instead of rendering them again', () => {
    const dir = manyItemSite(70);
    const first = buildBothAndCompare(dir);
    expect(first.reused, 'nothing to read back on the first build').toBe(0);
    // A new item lists on the news pages, its term's pages and the related items of a few others; most pages stay as they were.
    writeFileSync(path.join(dir, 'content/news/2020-02-15-added.md'), newsItem({ title: 'Added item', date: '2020-02-15', fieldsOfWork: '[policing]' }, 'The added text.'));
    const second = buildBothAndCompare(dir);
    expect(itemPage(second, 'added')).toContain('The added text.');
    const pages = [...second.keys()].filter((file) => file.endsWith('.html')).length;
    const feeds = [...second.keys()].filter((file) => file.endsWith('.xml') && file !== 'sitemap.xml').length;
    expect(feeds).toBeGreaterThan(2);
    expect(second.reused).toBeGreaterThan(pages / 2);
    expect(second.reused).toBeLessThan(pages + feeds);
    // An item's edit changes its own page: that one is rendered (the comparison with the clean build above proves the rest).
    // (Item 27 is among the newest: it is in the feed of all news and in its term's feed.)
    edit(dir, 'content/news/2020-02-28-item-27.md', (text) => text.replace('Text of item 27', 'Corrected text of item 27'));
    const third = buildBothAndCompare(dir);
    expect(itemPage(third, 'item-27')).toContain('Corrected text of item 27');
    // Every page but item 27's is kept, and so are the feeds it is not in (those of other terms): more than the pages.
    expect(third.reused).toBeGreaterThan(pages - 1);
    expect(third.reused).toBeLessThan(pages + feeds - 2);
  });

  it('reads back pages of a two-language site, and a new translation renders what it changes in both languages', () => {
    const dir = copyFixture('languages-two');
    temporary.push(dir);
    buildBothAndCompare(dir);
    writeFileSync(
      path.join(dir, 'content/news/2017-02-10-border-seminar.fr.md'),
      '---\ntitle: Un séminaire sur la gestion des frontières\nsummary: Des agents des frontières se sont réunis.\n---\n\nLe texte en français.\n',
    );
    const tree = buildBothAndCompare(dir);
    expect(tree.reused).toBeGreaterThan(0);
    // The English page now names its French version, and the French one exists: both were rendered, not read back.
    expect(tree.get('news/border-seminar/index.html')?.toString()).toContain('hreflang="fr"');
    expect(tree.get('fr/news/border-seminar/index.html')?.toString()).toContain('Le texte en français.');
  });

  it('renders again a page whose file was changed since the last build, and every page after a template change', () => {
    const dir = manyItemSite(70);
    const first = buildBothAndCompare(dir);
    const page = path.join(dir, 'dist/news/item-3/index.html');
    const published = readFileSync(page, 'utf8');
    writeFileSync(page, published.replace('Text of item 3', 'Text changed by hand'));
    writeFileSync(path.join(dir, 'content/news/2020-02-15-added.md'), newsItem({ title: 'Added item', date: '2020-02-15', fieldsOfWork: '[policing]' }, 'The added text.'));
    const second = buildBothAndCompare(dir);
    expect(itemPage(second, 'item-3')).toBe(published);
    expect(second.reused).toBeGreaterThan(0);
    edit(dir, 'templates/item.liquid', (text) => text.replace('<article class="item"', '<article class="item" data-edition="second"'));
    const third = buildBothAndCompare(dir);
    expect(itemPage(third, 'item-3')).toContain('data-edition="second"');
    const itemPages = [...third.keys()].filter((file) => /^news\/[^/]+\/index\.html$/.test(file) && !file.startsWith('news/page')).length;
    expect(itemPages).toBeGreaterThan(70);
    expect(third.reused, 'no item page is read back after its template changed').toBeLessThanOrEqual([...first.keys()].filter((file) => file.endsWith('.html')).length - itemPages);
  });

  it('keeps bodies in shards: a build adding or removing one item rewrites one shard, and a body cached before is not rendered again', () => {
    const dir = manyItemSite(70);
    buildBothAndCompare(dir);
    const before = bodyShards(dir);
    expect(before.size, 'bodies spread over many shards').toBeGreaterThan(20);
    writeFileSync(path.join(dir, 'content/news/2020-03-01-added.md'), newsItem({ title: 'Added', date: '2020-03-01', fieldsOfWork: '[policing]' }, 'A body no other item has.'));
    buildBothAndCompare(dir);
    const afterAdding = bodyShards(dir);
    const rewritten = [...afterAdding].filter(([name, ino]) => before.get(name) !== ino).map(([name]) => name);
    expect(rewritten).toHaveLength(1);
    expect([...before.keys()].every((name) => afterAdding.has(name))).toBe(true);
    // The new body is read from its shard: a body only the cache has (edited there) shows up.
    const shardFile = path.join(dir, '.cache/communique/bodies', rewritten[0] as string);
    const shard = JSON.parse(readFileSync(shardFile, 'utf8')) as { entries: Record<string, [string, string[]]> };
    const added = Object.values(shard.entries).find(([html]) => html.includes('A body no other item has.'));
    expect(added).toBeDefined();
    if (added) added[0] = added[0].replace('A body no other item has.', 'A body only the cache has.');
    writeFileSync(shardFile, JSON.stringify(shard));
    // A template change renders every item page again, each with its body from the cache.
    edit(dir, 'templates/item.liquid', (text) => text.replace('<article class="item"', '<article class="item" data-edition="second"'));
    expect(runCli(['build'], { cwd: dir }).code).toBe(0);
    expect(itemPage(readTree(path.join(dir, 'dist')), 'added')).toContain('A body only the cache has.');
    rmSync(path.join(dir, 'content/news/2020-03-01-added.md'));
    buildBothAndCompare(dir);
    const afterRemoving = bodyShards(dir);
    expect([...afterRemoving].filter(([name, ino]) => afterAdding.get(name) !== ino).map(([name]) => name)).toEqual(before.has(rewritten[0] as string) ? rewritten : []);
  });

  it('uses another folder with --cache DIR, and none with --no-cache', () => {
    const dir = manyItemSite(3);
    expect(runCli(['build', '--cache', 'my-cache'], { cwd: dir }).code).toBe(0);
    expect(statSync(path.join(dir, 'my-cache/bodies')).isDirectory()).toBe(true);
    expect(() => statSync(path.join(dir, '.cache'))).toThrow();
    expect(runCli(['build', '--no-cache', '--out', 'other'], { cwd: dir }).code).toBe(0);
    expect(() => statSync(path.join(dir, '.cache'))).toThrow();
    expect(runCli(['check'], { cwd: dir }).code).toBe(0);
    expect(() => statSync(path.join(dir, '.cache')), 'check writes nothing, not even the cache').toThrow();
    const both = runCli(['build', '--cache', 'x', '--no-cache'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--cache and --no-cache cannot be used together.');
  });

  it('is invalidated by a template change', () => {
    const dir = manyItemSite(3);
    buildBothAndCompare(dir);
    edit(dir, 'templates/item.liquid', (text) => text.replace('<article class="item"', '<article class="item" data-edition="second"'));
    const tree = buildBothAndCompare(dir);
    expect(itemPage(tree, 'item-1')).toContain('<article class="item" data-edition="second"');
  });

  it('is invalidated by a change to site.yaml', () => {
    const dir = manyItemSite(3);
    buildBothAndCompare(dir);
    edit(dir, 'content/site.yaml', (text) => text.replace(/^shortTitle: .*$/m, 'shortTitle: OSCE Newsroom'));
    const tree = buildBothAndCompare(dir);
    expect(itemPage(tree, 'item-1')).toContain('OSCE Newsroom');
  });

  it('is invalidated by a change to a taxonomy', () => {
    const dir = manyItemSite(3);
    buildBothAndCompare(dir);
    edit(dir, 'content/taxonomies/fields-of-work.yaml', (text) => text.replace(/^( {4}name: )Policing$/m, '$1Policing and public order'));
    const tree = buildBothAndCompare(dir);
    expect(itemPage(tree, 'item-1')).toContain('Policing and public order');
  });

  it('ignores a damaged cache file and rebuilds it', () => {
    const dir = manyItemSite(3);
    buildBothAndCompare(dir);
    for (const shard of bodyShards(dir).keys()) writeFileSync(path.join(dir, '.cache/communique/bodies', shard), '{ not json');
    writeFileSync(path.join(dir, '.cache/communique/output.json'), '[1,');
    // A well-formed items.json whose entries are damaged: each is parsed again, never trusted, never a crash.
    const items = JSON.parse(readFileSync(path.join(dir, '.cache/communique/items.json'), 'utf8')) as { entries: Record<string, Record<string, unknown>> };
    for (const entry of Object.values(items.entries)) Object.assign(entry, { explicitKeys: 5, bodyStart: 'x' });
    writeFileSync(path.join(dir, '.cache/communique/items.json'), JSON.stringify(items));
    edit(dir, 'content/news/2020-02-02-item-1.md', (text) => text.replace('Text of item 1', 'New text of item 1'));
    const tree = buildBothAndCompare(dir);
    expect(itemPage(tree, 'item-1')).toContain('New text of item 1');
    for (const shard of bodyShards(dir).keys()) expect(JSON.parse(readFileSync(path.join(dir, '.cache/communique/bodies', shard), 'utf8'))).toHaveProperty('entries');
  });

  it('takes unchanged item files from items.json instead of parsing them, and parses a file again once it changes', () => {
    const dir = manyItemSite(3);
    buildBothAndCompare(dir);
    const cacheFile = path.join(dir, '.cache/communique/items.json');
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { data: { title: string } }> };
    expect(Object.keys(stored.entries).sort()).toEqual(['news/2020-02-01-item-0.md', 'news/2020-02-02-item-1.md', 'news/2020-02-03-item-2.md']);
    // Only the cache says so: a build that shows this title took the file's front matter from it.
    (stored.entries['news/2020-02-02-item-1.md'] as { data: { title: string } }).data.title = 'Title from the cache';
    writeFileSync(cacheFile, JSON.stringify(stored));
    edit(dir, 'content/news/2020-02-01-item-0.md', (text) => text.replace('Text of item 0', 'New text of item 0'));
    expect(runCli(['build'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path.join(dir, 'dist/news/item-1/index.html'), 'utf8')).toContain('Title from the cache');
    edit(dir, 'content/news/2020-02-02-item-1.md', (text) => text.replace('Text of item 1', 'New text of item 1'));
    const tree = buildBothAndCompare(dir);
    expect(itemPage(tree, 'item-1')).not.toContain('Title from the cache');
  });

  it('reports a problem an unchanged, cached item file now has (a term gone from its taxonomy) at its line and column, as without the cache', () => {
    const dir = manyItemSite(3);
    buildBothAndCompare(dir);
    edit(dir, 'content/taxonomies/fields-of-work.yaml', (text) => text.replace(/^(\s*- id: )policing$/m, '$1policing-and-order'));
    const cached = runCli(['build'], { cwd: dir });
    const clean = runCli(['build', '--no-cache', '--out', 'clean'], { cwd: dir });
    expect(cached.code).toBe(1);
    const text = readFileSync(path.join(dir, 'content/news/2020-02-02-item-1.md'), 'utf8').split('\n');
    const line = text.findIndex((row) => row.startsWith('fieldsOfWork:')) + 1;
    const column = (text[line - 1] ?? '').indexOf('policing') + 1;
    expect(line).toBeGreaterThan(1);
    expect(cached.stderr).toContain(`content/news/2020-02-02-item-1.md:${line}:${column}`);
    expect(cached.stderr).toContain('Unknown field of work "policing"');
    expect(cached.stderr).toBe(clean.stderr.replace('clean/ is as it was', 'dist/ is as it was'));
  });

  it('fills the build folder the last swap replaced (the spare) instead of a new one: its folders stay, and the output equals a clean build', () => {
    const dir = manyItemSite(6);
    buildBothAndCompare(dir);
    const folderInode = (slug: string): number => statSync(path.join(dir, 'dist/news', slug)).ino;
    const first = folderInode('item-3');
    writeFileSync(path.join(dir, 'content/news/2020-02-20-added.md'), newsItem({ title: 'Added item', date: '2020-02-20' }, 'The added text.'));
    buildBothAndCompare(dir);
    expect(folderInode('item-3'), 'the second build made its folders').not.toBe(first);
    // The third build fills the first one's folder: the folder is that one, not made again.
    edit(dir, 'content/news/2020-02-03-item-2.md', (text) => text.replace('Text of item 2', 'Corrected text of item 2'));
    const third = buildBothAndCompare(dir);
    expect(folderInode('item-3')).toBe(first);
    expect(itemPage(third, 'item-2')).toContain('Corrected text of item 2');
    // The spare has the added item (from two builds back): deleting it removes its page and its folder from the spare.
    removeDir(path.join(dir, 'content/news/2020-02-20-added.md'));
    removeDir(path.join(dir, 'content/news/2020-02-05-item-4.md'));
    const fourth = buildBothAndCompare(dir);
    expect([...fourth.keys()].some((file) => file.startsWith('news/added/') || file.startsWith('news/item-4/'))).toBe(false);
    expect(exists(path.join(dir, 'dist/news/added'))).toBe(false);
    expect(exists(path.join(dir, 'dist/news/item-4'))).toBe(false);
    // A folder removed by hand from the spare is made again when a file goes into it.
    const builds = path.join(dir, '.dist.builds');
    const spare = readdirSync(builds).find((name) => name.startsWith('spare-'));
    expect(spare).toBeDefined();
    removeDir(path.join(builds, spare as string, 'news/item-1'));
    edit(dir, 'content/news/2020-02-02-item-1.md', (text) => text.replace('Text of item 1', 'Corrected text of item 1'));
    const fifth = buildBothAndCompare(dir);
    expect(itemPage(fifth, 'item-1')).toContain('Corrected text of item 1');
  });

  it('keeps a page unchanged for two builds as the very file the spare holds, and never one changed by hand there or in the output', () => {
    const dir = manyItemSite(6);
    const page = 'news/item-3/index.html';
    buildBothAndCompare(dir);
    edit(dir, 'content/news/2020-02-02-item-1.md', (text) => text.replace('Text of item 1', 'Text of item 1, first edit'));
    buildBothAndCompare(dir);
    const inode = statSync(path.join(dir, 'dist', page)).ino;
    edit(dir, 'content/news/2020-02-02-item-1.md', (text) => text.replace('first edit', 'second edit'));
    const third = buildBothAndCompare(dir);
    expect(third.reused).toBeGreaterThan(0);
    // The third build filled the first one's folder, whose copy of the page was the published one: kept, not linked again.
    expect(statSync(path.join(dir, 'dist', page)).ino).toBe(inode);
    const builds = path.join(dir, '.dist.builds');
    const spareCopy = (): string => path.join(builds, readdirSync(builds).find((name) => name.startsWith('spare-')) as string, page);
    // Changed in place in the spare, which is the published file too (one inode): rendered again, not kept.
    appendFileSync(spareCopy(), '<!-- changed by hand -->');
    edit(dir, 'content/news/2020-02-02-item-1.md', (text) => text.replace('second edit', 'third edit'));
    buildBothAndCompare(dir);
    // Once the page has been the same file for two builds again, replaced by hand in the output only: the spare's copy,
    // still the file the manifest describes, is kept.
    edit(dir, 'content/news/2020-02-02-item-1.md', (text) => text.replace('third edit', 'fourth edit'));
    buildBothAndCompare(dir);
    const published = path.join(dir, 'dist', page);
    const spareInode = statSync(spareCopy()).ino;
    expect(statSync(published).ino).toBe(spareInode);
    rmSync(published);
    writeFileSync(published, 'replaced by hand');
    edit(dir, 'content/news/2020-02-02-item-1.md', (text) => text.replace('fourth edit', 'fifth edit'));
    buildBothAndCompare(dir);
    expect(statSync(published).ino).toBe(spareInode);
  });
});
