import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderSearchShards, searchShardOf, searchShardOfYear } from '../../src/search/bundle-files.js';
import { copyFixture, exists, newsItem, readTree, removeDir, runCli } from '../helpers/site.js';

// The newest item is of April 2021: that month has a shard of its own (no other item is of 2020-2024).
const PERIODS = ['2021-04', '2015-2019', '2010-2014', '2005-2009'];

interface Entry {
  languages: Record<string, { page_count: number }>;
}

/** Page count per language of one shard's bundle. */
function pageCounts(out: string, shard: string): Record<string, number> {
  const entry = JSON.parse(readFileSync(path.join(out, 'pagefind', shard, 'pagefind-entry.json'), 'utf8')) as Entry;
  return Object.fromEntries(Object.entries(entry.languages).map(([lang, { page_count }]) => [lang, page_count]));
}

/** Inode of every file of one shard's bundle, by path. */
function inodes(out: string, shard: string): Map<string, number> {
  const tree = readTree(path.join(out, 'pagefind', shard));
  return new Map([...tree.keys()].map((file) => [file, statSync(path.join(out, 'pagefind', shard, file)).ino]));
}

function build(dir: string, args: readonly string[] = []): void {
  const result = runCli(['build', ...args], { cwd: dir });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

/** The cached build's output equals a clean `--no-cache` build of the same sources, byte for byte. */
function expectSameAsClean(dir: string): void {
  removeDir(path.join(dir, 'clean'));
  build(dir, ['--no-cache', '--out', 'clean']);
  const actual = readTree(path.join(dir, 'dist'));
  const expected = readTree(path.join(dir, 'clean'));
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [file, bytes] of expected) expect(actual.get(file)?.equals(bytes), file).toBe(true);
}

let edits = 0;
/** Changes the words of an item of 2013, so that the build runs at all (an unchanged site stops at "up to date"). */
function editAnItem(dir: string): void {
  const item = path.join(dir, 'content/news/2013-10-01-police-academy-chisinau.md');
  edits += 1;
  writeFileSync(item, `${readFileSync(item, 'utf8')}\nEdit number ${edits}.\n`);
}

function addItem(dir: string, file: string, fields: Readonly<Record<string, string>>, body: string): void {
  writeFileSync(path.join(dir, 'content/news', file), newsItem({ issuedBy: 'secretariat', ...fields }, body));
}

/**
 * Adds the first item of a new month dated `date` and builds: the shards in `built` hold those page counts (built
 * again, listed newest first), the former newest month's shard `gone` is no more, the `reused` shards keep every file's inode, and
 * `shards.json` lists the built shards, then the reused ones, newest first. The site equals a clean build.
 */
function expectNewestMonthFolded(dir: string, out: string, expected: { date: string; built: readonly (readonly [string, Record<string, number>])[]; gone: string; reused: readonly string[] }): void {
  const before = new Map(expected.reused.map((period) => [period, inodes(out, period)]));
  addItem(dir, `${expected.date}-first-of-${expected.date.slice(0, 7)}.md`, { title: `First item of ${expected.date.slice(0, 7)}`, date: expected.date, summary: 'A new month begins.' }, 'Every participant of the new month.');
  build(dir);
  for (const [shard, counts] of expected.built) expect(pageCounts(out, shard), shard).toEqual(counts);
  expect(exists(path.join(out, 'pagefind', expected.gone))).toBe(false);
  for (const period of expected.reused) expect(inodes(out, period), period).toEqual(before.get(period));
  const listed = (JSON.parse(readFileSync(path.join(out, 'pagefind/shards.json'), 'utf8')) as { all: string[] }).all;
  expect(listed).toEqual([...expected.built.map(([shard]) => shard), ...expected.reused].map((shard) => `${shard}/`));
  expectSameAsClean(dir);
}

describe('search shards: the rule', () => {
  it('puts an item in the five-year period of its year, named by its first and last year; the newest year has its own, and the years before it in its period share one', () => {
    const newest2024 = (year: string): string => searchShardOfYear(year, '2024');
    expect(['2005', '2009', '2010', '2016', '2020', '2023', '2024'].map(newest2024)).toEqual(['2005-2009', '2005-2009', '2010-2014', '2015-2019', '2020-2023', '2020-2023', '2024']);
    // A new year: the former newest year joins its period.
    expect(['2020', '2024', '2025'].map((year) => searchShardOfYear(year, '2025'))).toEqual(['2020-2024', '2020-2024', '2025']);
    expect(['2020', '2021'].map((year) => searchShardOfYear(year, '2021'))).toEqual(['2020', '2021']);
  });

  it('gives the newest month a shard of its own, and the months before it in its year one more', () => {
    const newestDecember = (date: string): string => searchShardOf(date, '2024-12-03');
    expect(['2024-12-31', '2024-12-01', '2024-11-30', '2024-01-01', '2023-12-31', '2019-12-31'].map(newestDecember)).toEqual(['2024-12', '2024-12', '2024', '2024', '2020-2023', '2015-2019']);
    // A new month: the former newest month joins its year; in January, the former newest year joins its period.
    expect(['2025-01-20', '2024-12-31', '2024-01-01'].map((date) => searchShardOf(date, '2025-01-02'))).toEqual(['2025-01', '2020-2024', '2020-2024']);
    expect(searchShardOf('', '2024-12-03')).toBe('undated');
  });

  it('orders shards newest first, other shards after them', () => {
    expect(orderSearchShards(['2005-2009', 'pages', '2020-2023', '2024', '1995-1999', '2024-12', '2010-2014'])).toEqual(['2024-12', '2024', '2020-2023', '2010-2014', '2005-2009', '1995-1999', 'pages']);
    expect(orderSearchShards(['2020', '2021-04', '2021', '2015-2019', '2021-10'])).toEqual(['2021-10', '2021-04', '2021', '2020', '2015-2019']);
  });
});

describe('search shards: a site with items in four periods', () => {
  let dir: string;
  let out: string;
  beforeAll(() => {
    dir = copyFixture('search-periods');
    out = path.join(dir, 'dist');
    build(dir);
  });
  afterAll(() => removeDir(dir));

  it('builds one bundle per period (the newest month on its own), each with the items of its years; a translation goes with its original', () => {
    expect(pageCounts(out, '2021-04')).toEqual({ en: 1 });
    expect(pageCounts(out, '2015-2019')).toEqual({ en: 1, fr: 1 });
    expect(pageCounts(out, '2010-2014')).toEqual({ en: 2 });
    expect(pageCounts(out, '2005-2009')).toEqual({ en: 1, fr: 1 });
  });

  it('lists the bundles per language, newest first, in pagefind/shards.json, with the UI files at the top', () => {
    const shards = JSON.parse(readFileSync(path.join(out, 'pagefind/shards.json'), 'utf8')) as unknown;
    expect(shards).toEqual({
      all: PERIODS.map((p) => `${p}/`),
      languages: { en: PERIODS.map((p) => `${p}/`), fr: ['2015-2019/', '2005-2009/'] },
    });
    for (const file of ['pagefind-ui.js', 'pagefind-ui.css']) {
      expect(readFileSync(path.join(out, 'pagefind', file)).equals(readFileSync(path.join(out, 'pagefind/2005-2009', file))), file).toBe(true);
    }
    const search = readFileSync(path.join(out, 'search/index.html'), 'utf8');
    expect(search).toContain('data-bundle="/pagefind/"');
    expect(search).toContain('<script src="/pagefind/pagefind-ui.js" defer></script>');
  });

  it('records each shard’s key and files in the cache folder’s search.json', () => {
    const cache = JSON.parse(readFileSync(path.join(dir, '.cache/communique/search.json'), 'utf8')) as {
      outDir: string;
      build: string;
      shards: Record<string, { key: string; pages: string[]; pagePaths: string[]; pageFiles: string[]; files: Record<string, [number, number]> }>;
    };
    expect(cache.outDir).toBe(out);
    // The record names the build whose output it describes, and each page's path and bytes' hash as that output has them.
    const manifest = JSON.parse(readFileSync(path.join(dir, '.cache/communique/output.json'), 'utf8')) as { fingerprint: string; files: Record<string, [string, number, number]> };
    expect(cache.build).toBe(manifest.fingerprint);
    for (const shard of Object.values(cache.shards)) {
      expect(shard.pageFiles).toEqual(shard.pagePaths.map((page) => manifest.files[page]?.[0]));
    }
    expect(Object.keys(cache.shards).sort()).toEqual([...PERIODS].sort());
    expect(Object.fromEntries(PERIODS.map((period) => [period, cache.shards[period]?.pages.length]))).toEqual({ '2021-04': 1, '2015-2019': 2, '2010-2014': 2, '2005-2009': 2 });
    for (const period of PERIODS) {
      const files = Object.keys(cache.shards[period]?.files ?? {});
      expect(files).toContain(`pagefind/${period}/pagefind-entry.json`);
      expect(files.every((file) => file.startsWith(`pagefind/${period}/`))).toBe(true);
      expect(files.sort()).toEqual([...inodes(out, period).keys()].map((file) => `pagefind/${period}/${file}`).sort());
    }
  });

  it('rebuilds only the shard of an added item; the others are hard links to the previous output, and the site equals a clean build', () => {
    const before = new Map(PERIODS.map((period) => [period, inodes(out, period)]));
    addItem(dir, '2011-05-20-customs-training.md', { title: 'Customs officers trained in Uzhhorod', date: '2011-05-20', summary: 'A customs course.', countries: '[ukraine]' }, 'Every participant of the customs course crossed at Uzhhorod.');
    build(dir);
    expect(pageCounts(out, '2010-2014')).toEqual({ en: 3 });
    for (const period of PERIODS) {
      const now = inodes(out, period);
      const old = before.get(period) as Map<string, number>;
      if (period === '2010-2014') {
        // Built again: every file is new, none shared with the previous output.
        expect([...now.values()].some((ino) => [...old.values()].includes(ino)), period).toBe(false);
      } else {
        expect(now, period).toEqual(old);
      }
    }
    expectSameAsClean(dir);
  });

  it('starts a shard for a new year’s month; the former newest month joins its period’s shard, and the older shards are reused', () => {
    expectNewestMonthFolded(dir, out, {
      date: '2025-06-01',
      built: [
        ['2025-06', { en: 1 }],
        ['2020-2024', { en: 1 }],
      ],
      gone: '2021-04',
      reused: PERIODS.filter((period) => period !== '2021-04'),
    });
  });

  it('does not reuse a shard whose file in the previous output was changed, even to the same size', () => {
    const file = path.join(out, 'pagefind/2015-2019/pagefind-entry.json');
    const original = readFileSync(file);
    const tampered = Buffer.from(original.toString('utf8').replace('"version":"', '"version":"X').replace(/,"include_characters"/, '"include_characters"'));
    expect(tampered.length).toBe(original.length);
    writeFileSync(file, tampered);
    const untouched = inodes(out, '2005-2009');
    editAnItem(dir);
    build(dir);
    expect(readFileSync(path.join(out, 'pagefind/2015-2019/pagefind-entry.json')).equals(original)).toBe(true);
    expect(inodes(out, '2005-2009')).toEqual(untouched);
    expectSameAsClean(dir);
  });

  it('rebuilds a shard whose previous files are gone', () => {
    removeDir(path.join(out, 'pagefind/2020-2024'));
    editAnItem(dir);
    build(dir);
    expect(pageCounts(out, '2020-2024')).toEqual({ en: 1 });
    expectSameAsClean(dir);
  });

  it('starts a shard for a new month; the former newest month joins its year’s shard, and the older shards are reused', () => {
    expectNewestMonthFolded(dir, out, {
      date: '2025-07-02',
      built: [
        ['2025-07', { en: 1 }],
        ['2025', { en: 1 }],
      ],
      gone: '2025-06',
      reused: ['2020-2024', ...PERIODS.slice(1)],
    });
  });

  it('builds every shard and records nothing with --no-cache', () => {
    const other = copyFixture('search-periods');
    try {
      build(other, ['--no-cache']);
      expect(exists(path.join(other, '.cache'))).toBe(false);
      for (const period of PERIODS) expect(exists(path.join(other, 'dist/pagefind', period, 'pagefind-entry.json')), period).toBe(true);
    } finally {
      removeDir(other);
    }
  });
});
