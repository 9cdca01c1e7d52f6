import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, readTree, removeDir, repoRoot, runCli } from '../helpers/site.js';

/**
 * The sample site lists one language: none of the multilingual machinery may
 * show, and its output is what it was before languages were tested (compared
 * byte for byte with the core's output for issue 7).
 */

let out: string;
let tree: Map<string, Buffer>;

beforeAll(() => {
  out = path.join(makeTempDir('single-language-'), 'dist');
  const result = runCli(['build', '--out', out], { cwd: repoRoot });
  if (result.code !== 0) throw new Error(result.stderr);
  tree = readTree(out);
});
afterAll(() => removeDir(path.dirname(out)));

describe('a site with one language', () => {
  it('puts every page at the root, with no language folder', () => {
    const topLevel = new Set([...tree.keys()].map((file) => file.split('/')[0]));
    for (const code of ['en', 'fr', 'de', 'it', 'ru', 'es']) expect(topLevel.has(code), code).toBe(false);
    expect(tree.has('news/ukrainian-patrol-police/index.html')).toBe(true);
  });

  it('has no hreflang links and no language switcher on any page, and <html lang="en"> on all', () => {
    let pages = 0;
    for (const [file, bytes] of tree) {
      if (!file.endsWith('.html')) continue;
      const html = bytes.toString('utf8');
      expect(html, file).not.toContain('hreflang');
      expect(html, file).not.toContain('language-switch');
      expect(html, file).toMatch(/^<!DOCTYPE html>\n<html lang="en">\n/);
      pages += 1;
    }
    expect(pages).toBeGreaterThan(100);
  });

  it('writes feeds without a language attribute, as before languages existed', () => {
    const feed = tree.get('news/atom.xml')?.toString('utf8') ?? '';
    expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(feed).not.toContain('xml:lang');
  });
});
