import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../lib/build.js';
import { createBuildSession } from '../../lib/incremental/build-session.js';
import { makeTempDir, newsItem, readTree, removeDir, repoRoot, writeSite } from '../helpers/site.js';

const BUILD_DATE = '2026-01-15';
const ISSUERS = ['secretariat', 'chairpersonship', 'presence-in-albania', 'conflict-prevention-centre'];
const FIELDS = ['policing', 'education', 'democratization', 'border-management'];
const COUNTRIES = ['ukraine', 'albania', 'austria'];
const WORDS = ['security', 'dialogue', 'training', 'election', 'border', 'media', 'youth'];

/** One change an editor can make; applied to the site folder by `applyChange`. */
type Change =
  | { kind: 'add'; slot: number; day: number; issuer: number; fields: number[]; words: number[]; link: number | null }
  | { kind: 'edit'; slot: number; day: number; issuer: number; fields: number[]; words: number[]; link: number | null }
  | { kind: 'retext'; slot: number; words: number[]; body: boolean }
  | { kind: 'delete'; slot: number }
  | { kind: 'rename'; slot: number; to: number }
  | { kind: 'template'; word: number }
  | { kind: 'site'; pageSize: number; word: number }
  | { kind: 'taxonomy'; word: number };

const itemFields = {
  slot: fc.nat(7),
  day: fc.integer({ min: 1, max: 28 }),
  issuer: fc.nat(ISSUERS.length - 1),
  fields: fc.uniqueArray(fc.nat(FIELDS.length - 1), { minLength: 1, maxLength: 2 }),
  words: fc.array(fc.nat(WORDS.length - 1), { minLength: 1, maxLength: 6 }),
  link: fc.option(fc.nat(7), { nil: null }),
};
const changeArbitrary: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), ...itemFields }),
  fc.record({ kind: fc.constant('edit' as const), ...itemFields }),
  // Only the words of an item: what the session patches in without a rebuild (when nothing else stops it).
  // Weighted, and on the slots the initial site fills, so that sequences often include one.
  { arbitrary: fc.record({ kind: fc.constant('retext' as const), slot: fc.nat(2), words: itemFields.words, body: fc.boolean() }), weight: 3 },
  fc.record({ kind: fc.constant('delete' as const), slot: fc.nat(7) }),
  fc.record({ kind: fc.constant('rename' as const), slot: fc.nat(7), to: fc.nat(7) }),
  fc.record({ kind: fc.constant('template' as const), word: fc.nat(WORDS.length - 1) }),
  fc.record({ kind: fc.constant('site' as const), pageSize: fc.integer({ min: 1, max: 4 }), word: fc.nat(WORDS.length - 1) }),
  fc.record({ kind: fc.constant('taxonomy' as const), word: fc.nat(WORDS.length - 1) }),
);

/** Item files live in slots 0..7: `news/2020-01-0<slot>-item-<slot>.md` style names, one file per slot at most. */
function slotFile(slot: number, name = slot): string {
  return `content/news/item-${slot}-${name}.md`;
}

function itemText(change: Extract<Change, { kind: 'add' | 'edit' }>): string {
  const words = change.words.map((w) => WORDS[w]).join(' ');
  const link = change.link === null ? '' : `\n\nSee [another item](item-${change.link}-${change.link}.md).`;
  // A site link that a smaller site or a larger page size breaks: the link check must notice without re-rendering this item.
  const siteLink = change.day % 5 === 0 ? '\n\nOlder news is on [page 1](/news/page/1/).' : '';
  return newsItem(
    {
      title: `Item about ${words}`,
      date: `2020-03-${String(change.day).padStart(2, '0')}`,
      summary: `A summary of ${words}.`,
      issuedBy: ISSUERS[change.issuer] ?? 'secretariat',
      fieldsOfWork: `[${change.fields.map((f) => FIELDS[f]).join(', ')}]`,
      countries: `[${COUNTRIES[change.day % COUNTRIES.length]}]`,
    },
    `## ${words}\n\nThe ${words} programme continued.\n\n> A quote about ${words}.\n\n- one\n- two${link}${siteLink}`,
  );
}

/** Applies one change to the site; returns the paths touched (what a watcher would report). */
function applyChange(dir: string, files: Map<number, string>, change: Change): string[] {
  const write = (relative: string, text: string): string => {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), text);
    return relative;
  };
  switch (change.kind) {
    case 'add':
    case 'edit': {
      const existing = files.get(change.slot);
      if (change.kind === 'add' && existing) return [];
      if (change.kind === 'edit' && !existing) return [];
      const file = existing ?? slotFile(change.slot);
      files.set(change.slot, file);
      return [write(file, itemText(change))];
    }
    case 'retext': {
      const file = files.get(change.slot);
      if (!file) return [];
      const words = change.words.map((w) => WORDS[w]).join(' ');
      let text = readFileSync(path.join(dir, file), 'utf8').replace(/^title: .*$/m, `title: Item about ${words}`).replace(/^summary: .*$/m, `summary: Now about ${words}.`);
      if (change.body) text = `${text}\nA new paragraph on ${words}, with a [link to page 1](/news/page/1/).\n`;
      return [write(file, text)];
    }
    case 'delete': {
      const file = files.get(change.slot);
      if (!file) return [];
      rmSync(path.join(dir, file));
      files.delete(change.slot);
      return [file];
    }
    case 'rename': {
      const file = files.get(change.slot);
      if (!file) return [];
      const target = slotFile(change.slot, change.to);
      if (target === file) return [];
      renameSync(path.join(dir, file), path.join(dir, target));
      files.set(change.slot, target);
      return [file, target];
    }
    case 'template': {
      const file = 'templates/item.liquid';
      const text = readFileSync(path.join(dir, file), 'utf8').replace(/<article class="item"[^>]*>/, `<article class="item" data-note="${WORDS[change.word]}">`);
      return [write(file, text)];
    }
    case 'site': {
      const file = 'content/site.yaml';
      const text = readFileSync(path.join(dir, file), 'utf8')
        .replace(/^pageSize: \d+$/m, `pageSize: ${change.pageSize}`)
        .replace(/^description: .*$/m, `description: News about ${WORDS[change.word]}.`);
      return [write(file, text)];
    }
    case 'taxonomy': {
      const file = 'content/taxonomies/fields-of-work.yaml';
      const text = readFileSync(path.join(dir, file), 'utf8').replace(/^( {4}name: )Policing.*$/m, `$1Policing and ${WORDS[change.word]}`);
      return [write(file, text)];
    }
  }
}

function initialSite(): { dir: string; files: Map<number, string> } {
  const site = readFileSync(path.join(repoRoot, 'content/site.yaml'), 'utf8').replace(/^pageSize: \d+$/m, 'pageSize: 2');
  const files = new Map<number, string>();
  const inline: Record<string, string> = { 'content/site.yaml': site };
  for (const slot of [0, 1, 2]) {
    const file = slotFile(slot);
    files.set(slot, file);
    inline[file] = itemText({ kind: 'add', slot, day: slot + 1, issuer: slot, fields: [slot], words: [slot, slot + 1], link: slot === 2 ? 0 : null });
  }
  return { dir: writeSite(inline), files };
}

const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDir));

describe('an incremental build session', () => {
  it('writes, after any sequence of edits, additions, deletions and renames, exactly what a clean build writes (and so does a build with the cache)', async () => {
    let runs = 0;
    let compared = 0;
    let patched = 0;
    let readBack = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(changeArbitrary, { minLength: 1, maxLength: 6 }), async (changes) => {
        runs += 1;
        const { dir, files } = initialSite();
        temporary.push(dir);
        const out = path.join(dir, 'dist');
        const session = createBuildSession({ cwd: dir, buildDate: BUILD_DATE });
        const first = await session.rebuild();
        expect(first.diagnostics).toEqual([]);
        expect(first.ok).toBe(true);
        // The publish-on-merge path too: a build with the persistent cache (bodies, pages read back) after each change.
        const cachedOut = path.join(dir, 'dist-cached');
        const cached = { cwd: dir, buildDate: BUILD_DATE, outDir: cachedOut, cacheDir: '.cache/communique', searchIndex: false };
        expect((await build(cached)).ok).toBe(true);
        for (const change of changes) {
          const touched = applyChange(dir, files, change);
          const incremental = await session.rebuild(touched.map((p) => path.join(dir, p)));
          if (incremental.patched) patched += 1;
          const cachedResult = await build(cached);
          readBack += cachedResult.pagesReused ?? 0;
          const cleanOut = makeTempDir('clean-');
          temporary.push(cleanOut);
          const clean = await build({ cwd: dir, buildDate: BUILD_DATE, outDir: cleanOut, cacheDir: null, searchIndex: false });
          expect(incremental.diagnostics).toEqual(clean.diagnostics);
          expect(incremental.ok).toBe(clean.ok);
          expect(cachedResult.diagnostics).toEqual(clean.diagnostics);
          if (!clean.ok) continue;
          const expected = readTree(cleanOut);
          for (const actual of [readTree(out), readTree(cachedOut)]) {
            expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
            for (const [file, bytes] of expected) expect(actual.get(file)?.equals(bytes), file).toBe(true);
          }
          compared += 1;
        }
        removeDir(dir);
      }),
      { seed: 20260115, numRuns: 8, endOnFailure: true },
    );
    expect(runs).toBe(8);
    // Most steps must end in a successful build, or the comparison above would prove little.
    expect(compared).toBeGreaterThanOrEqual(20);
    // And some of them must have taken the text-edit fast path, or it would go untested here.
    expect(patched).toBeGreaterThanOrEqual(3);
    // And the cached builds must have read pages back, or the page reuse would go untested here.
    expect(readBack).toBeGreaterThan(compared);
    console.log(`compared ${compared}, patched ${patched}, pages read back ${readBack}`);
  });
});
