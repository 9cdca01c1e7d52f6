import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runNodeScript } from '../helpers/node-script.js';
import { newsItem, removeDir, writeSite } from '../helpers/site.js';

const lib = (file: string): string => pathToFileURL(path.resolve('lib', file)).href;
const temporary: string[] = [];
afterAll(() => temporary.forEach(removeDir));

const ITEMS = 80;

// A session holds every body between builds. Each body's HTML is the only long string that starts with `<p>Body `
// (the Markdown has no `<p>`, pages and feeds are packed), so a heap snapshot after the first build counts the
// unpacked bodies the session keeps, and after a text edit is patched in, and after a rebuild that renders every page
// again.
function script(dir: string, outDir: string): string {
  return `
import { writeFileSync, readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { createBuildSession } from ${JSON.stringify(lib('incremental/build-session.js'))};
const dir = ${JSON.stringify(dir)};
const session = createBuildSession({ cwd: dir, outDir: ${JSON.stringify(outDir)}, buildDate: '2026-01-15' });
const unpackedBodies = () => {
  globalThis.gc();
  const snapshot = JSON.parse(readFileSync(v8.writeHeapSnapshot(${JSON.stringify(path.join(outDir, '..', 'heap.heapsnapshot'))}), 'utf8'));
  return snapshot.strings.filter((text) => text.length > 500 && /^<p>Bod[y] [0-9]/.test(text)).length;
};
const counts = {};
const first = await session.rebuild();
counts.first = [first.ok, unpackedBodies()];
const item = dir + '/content/news/2019-01-06-item-5.md';
writeFileSync(item, readFileSync(item, 'utf8').replace('Body 5 ', 'Body 5 edited '));
const patched = await session.rebuild([item]);
counts.patched = [patched.ok && patched.patched === true, unpackedBodies()];
writeFileSync(dir + '/templates/item.liquid', readFileSync(dir + '/templates/item.liquid', 'utf8') + '\\n');
const whole = await session.rebuild();
counts.whole = [whole.ok && !whole.patched, unpackedBodies()];
const page = readFileSync(${JSON.stringify(outDir)} + '/news/item-5/index.html', 'utf8');
counts.edited = page.includes('<p>Body 5 edited “quoted” text');
console.log(JSON.stringify(counts));
`;
}

describe('a session’s bodies', () => {
  it('are kept packed, one copy each, and still show in full on the pages', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < ITEMS; i += 1) {
      const day = String((i % 28) + 1).padStart(2, '0');
      // Typographic quotes make each body a two-byte string in V8: the case packing halves and more.
      files[`content/news/2019-01-${day}-item-${i}.md`] = newsItem({ title: `Item ${i}`, date: `2019-01-${day}` }, `Body ${i} “quoted” text. ${'Words and more words. '.repeat(40)}`);
    }
    const dir = writeSite(files);
    temporary.push(dir);
    const run = await runNodeScript(script(dir, path.join(dir, 'dist')), ['--expose-gc']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ first: [true, 0], patched: [true, 0], whole: [true, 0], edited: true });
  });
});
