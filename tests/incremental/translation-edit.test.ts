import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { createBuildSession } from '../../src/incremental/build-session.js';
import { copyFixture, makeTempDir, readTree, removeDir } from '../helpers/site.js';

const BUILD_DATE = '2026-01-15';

/** The session's output must be the clean build's, byte for byte. */
async function expectSameAsClean(dir: string, out: string, temporary: string[]): Promise<void> {
  const cleanOut = makeTempDir('clean-');
  temporary.push(cleanOut);
  const clean = await build({ cwd: dir, buildDate: BUILD_DATE, outDir: cleanOut, cacheDir: null, searchIndex: false });
  expect(clean.ok).toBe(true);
  const expected = readTree(cleanOut);
  const actual = readTree(out);
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [file, bytes] of expected) expect(actual.get(file)?.equals(bytes), file).toBe(true);
}

function edit(dir: string, relative: string, from: string, to: string): string {
  const file = path.join(dir, relative);
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  return file;
}

describe('an incremental session on a two-language site', () => {
  const temporary: string[] = [];
  afterAll(() => temporary.forEach(removeDir));

  it('patches a change to the words of a translation, and of an original that has one, as a clean build would render them', async () => {
    const dir = copyFixture('languages-two');
    temporary.push(dir);
    const out = path.join(dir, 'dist');
    const session = createBuildSession({ cwd: dir, buildDate: BUILD_DATE, searchIndex: false });
    expect((await session.rebuild()).ok).toBe(true);

    const french = edit(dir, 'content/news/2016-09-13-patrol-police.fr.md', 'commencé un programme de formation', 'commencé un nouveau programme de formation');
    edit(dir, 'content/news/2016-09-13-patrol-police.fr.md', 'title: La police de patrouille ukrainienne', 'title: La police de patrouille d’Ukraine');
    const translated = await session.rebuild([french]);
    expect(translated.ok).toBe(true);
    expect(translated.patched).toBe(true);
    await expectSameAsClean(dir, out, temporary);
    expect(readFileSync(path.join(out, 'fr/news/patrol-police/index.html'), 'utf8')).toContain('un nouveau programme');

    const english = edit(dir, 'content/news/2016-09-13-patrol-police.md', 'started a re-training programme', 'started a second re-training programme');
    const original = await session.rebuild([english]);
    expect(original.ok).toBe(true);
    expect(original.patched).toBe(true);
    await expectSameAsClean(dir, out, temporary);

    // A translation's date comes from its original: a translation that sets another one is not a words-only edit.
    const redated = edit(dir, 'content/news/2016-09-13-patrol-police.fr.md', 'summary:', 'date: 2016-09-14\nsummary:');
    const moved = await session.rebuild([redated]);
    expect(moved.patched).not.toBe(true);
    expect(moved.ok).toBe(true);
    await expectSameAsClean(dir, out, temporary);
  });
});
