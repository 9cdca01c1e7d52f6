import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../lib/build.js';
import { createBuildSession } from '../../lib/incremental/build-session.js';
import { PackedHtml, unpacked } from '../../lib/render/packed-html.js';
import { copyFixture, makeTempDir, readTree, removeDir } from '../helpers/site.js';

const BUILD_DATE = '2026-01-15';
const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDir));

describe("a session's feeds", () => {
  it('are kept packed after a whole-site build and as bytes after a patch, and written as a clean build writes them', async () => {
    const dir = copyFixture('languages-two');
    temporary.push(dir);
    const session = createBuildSession({ cwd: dir, buildDate: BUILD_DATE, searchIndex: false });
    const first = await session.rebuild();
    expect(first.ok).toBe(true);
    const feeds = first.files.filter((file) => file.path.endsWith('.xml') && file.path !== 'sitemap.xml');
    expect(feeds.length).toBeGreaterThan(2);
    for (const feed of feeds) expect(feed.content, feed.path).toBeInstanceOf(PackedHtml);
    expect(Buffer.from(unpacked(feeds[0]!.content)).toString('utf8')).toMatch(/^<\?xml/);

    const file = path.join(dir, 'content/news/2016-09-13-patrol-police.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('started a re-training programme', 'started a second re-training programme'));
    const patched = await session.rebuild([file]);
    expect(patched.patched).toBe(true);
    const changedFeeds = patched.files.filter((entry) => patched.written.includes(entry.path) && entry.path.endsWith('.xml'));
    expect(changedFeeds.length).toBeGreaterThan(0);
    for (const feed of changedFeeds) expect(feed.content instanceof Uint8Array && !(feed.content instanceof PackedHtml), feed.path).toBe(true);

    const cleanOut = makeTempDir('clean-');
    temporary.push(cleanOut);
    expect((await build({ cwd: dir, buildDate: BUILD_DATE, outDir: cleanOut, cacheDir: null, searchIndex: false })).ok).toBe(true);
    const expected = readTree(cleanOut);
    const actual = readTree(path.join(dir, 'dist'));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, bytes] of expected) expect(actual.get(name)?.equals(bytes), name).toBe(true);
  });
});
