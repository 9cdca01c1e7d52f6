import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openParseCache } from '../../lib/cache/parse-cache.js';
import { createDiagnosticSink } from '../../lib/diagnostics.js';
import { readSourceFile, type SourceFile } from '../../lib/load/read-sources.js';
import { parseItemFile } from '../../lib/parse/item.js';
import { MAX_BLOCK_NESTING, guardedBodyOf, reportTooDeeplyNested, tooComplexAt } from '../../lib/render/body-guard.js';
import { makeTempDir, newsItem, removeDir } from '../helpers/site.js';

const dir = makeTempDir();
afterAll(() => removeDir(dir));
const contentDir = path.join(dir, 'content');
const cacheDir = path.join(dir, 'cache');
mkdirSync(path.join(contentDir, 'news'), { recursive: true });
mkdirSync(cacheDir, { recursive: true });
const languages = ['en', 'fr'];

const deepQuote = Array.from({ length: MAX_BLOCK_NESTING + 2 }, () => '>').join(' ');
const files = {
  'news/2020-01-02-plain.md': newsItem({ title: 'Plain', date: '2020-01-02' }, '\n\nThe “words” of the item, with an accent: café.\n'),
  'news/2020-01-03-deep.md': newsItem({ title: 'Deep', date: '2020-01-03' }, `Intro.\n\n${deepQuote} too deep\n`),
};
for (const [file, text] of Object.entries(files)) writeFileSync(path.join(contentDir, file), text);

/** The file as the load stage reads it, counting how often its text is decoded (read). */
async function countingSource(relativePath: string): Promise<{ source: SourceFile; reads: () => number }> {
  const read = await readSourceFile(contentDir, relativePath, dir);
  let reads = 0;
  const source: SourceFile = {
    displayPath: read.displayPath,
    relativePath: read.relativePath,
    absolutePath: read.absolutePath,
    hash: read.hash,
    get text() {
      reads += 1;
      return read.text;
    },
  };
  return { source, reads: () => reads };
}

describe('an item file the parse cache knows', () => {
  it('is taken from items.json without decoding its text, with the facts of its body a parse gives', async () => {
    const first = await openParseCache(cacheDir);
    for (const file of Object.keys(files)) expect(first.parse(await readSourceFile(contentDir, file, dir), languages, createDiagnosticSink())).not.toBeNull();
    await first.save();

    const again = await openParseCache(cacheDir);
    for (const file of Object.keys(files)) {
      const { source, reads } = await countingSource(file);
      const sink = createDiagnosticSink();
      const cached = again.parse(source, languages, sink);
      const parsed = parseItemFile(await readSourceFile(contentDir, file, dir), languages, createDiagnosticSink());
      expect(cached?.data).toEqual(parsed?.data);
      expect(cached?.bodyFacts).toEqual(parsed?.bodyFacts);
      expect(sink.list).toEqual([]);
      // What a publish asks of a cached item, none of which needs its text.
      if (!cached || !parsed) throw new Error(`${file} did not parse`);
      const guardSink = createDiagnosticSink();
      reportTooDeeplyNested(guardedBodyOf(cached), guardSink);
      const cleanSink = createDiagnosticSink();
      reportTooDeeplyNested(guardedBodyOf(parsed), cleanSink);
      expect(guardSink.list).toEqual(cleanSink.list);
      expect(tooComplexAt(guardedBodyOf(cached))).toEqual(tooComplexAt(guardedBodyOf(parsed)));
      expect(reads(), `${file} was decoded`).toBe(0);
      // Its body, once asked for, is the file's.
      expect(cached.body).toBe(parsed.body);
      expect(reads()).toBeGreaterThan(0);
    }
  });

  it('reports the nesting guard from what was stored, at the line a parse finds', async () => {
    const cache = await openParseCache(cacheDir);
    const { source } = await countingSource('news/2020-01-03-deep.md');
    const item = cache.parse(source, languages, createDiagnosticSink());
    if (!item) throw new Error('the item did not parse');
    const sink = createDiagnosticSink();
    expect(reportTooDeeplyNested(guardedBodyOf(item), sink)).toBe(true);
    const text = files['news/2020-01-03-deep.md'].split('\n');
    expect(sink.list.map((d) => [d.rule, d.line])).toEqual([['nesting-too-deep', text.findIndex((line) => line.endsWith('too deep')) + 1]]);
  });

  it('is parsed again, not trusted, when its bytes differ from the ones stored', async () => {
    const cache = await openParseCache(cacheDir);
    const file = 'news/2020-01-02-plain.md';
    const before = parseItemFile(await readSourceFile(contentDir, file, dir), languages, createDiagnosticSink());
    writeFileSync(path.join(contentDir, file), files[file].replace('café', 'tea'));
    const { source, reads } = await countingSource(file);
    const item = cache.parse(source, languages, createDiagnosticSink());
    expect(reads()).toBeGreaterThan(0);
    expect(item?.body).toContain('tea');
    expect(item?.bodyFacts).toEqual(parseItemFile(await readSourceFile(contentDir, file, dir), languages, createDiagnosticSink())?.bodyFacts);
    expect(item?.bodyFacts.hash).not.toBe(before?.bodyFacts.hash);
  });
});
