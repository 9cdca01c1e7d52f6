import { describe, expect, it } from 'vitest';
import { indexSiteFiles, lookUpPath, reindexSiteFiles } from '../../lib/dev/serve-files.js';
import type { OutputFile } from '../../lib/render/render-site.js';

const file = (path: string, content: string): OutputFile => ({ path, content });
const site = (): OutputFile[] => [file('index.html', 'home'), file('news/a/index.html', 'a'), file('news/b/index.html', 'b'), file('news/atom.xml', 'feed')];
/** What an index serves: each path with its content. */
const served = (index: ReadonlyMap<string, OutputFile>): [string, unknown][] => [...index].map(([path, entry]) => [path, entry.content]).sort((x, y) => (x[0] < y[0] ? -1 : 1));

describe("the dev server's index of the built files", () => {
  it('is updated in place when a rebuild keeps every path, and then serves the new files', () => {
    const index = indexSiteFiles(site());
    const rebuilt = site().map((entry) => (entry.path === 'news/a/index.html' ? file(entry.path, 'a, edited') : entry));
    const updated = reindexSiteFiles(index, rebuilt);
    expect(updated).toBe(index);
    expect(served(updated)).toEqual(served(indexSiteFiles(rebuilt)));
    const found = lookUpPath(updated, '/news/a/');
    expect(found.kind === 'file' ? found.file.content : null).toBe('a, edited');
  });

  it('is made anew when a path is gone, added, or replaced by another (same count), and serves no stale path', () => {
    const renamed = site().map((entry) => (entry.path === 'news/b/index.html' ? file('news/c/index.html', 'c') : entry));
    const added = [...site(), file('news/d/index.html', 'd')];
    const removed = site().slice(1);
    for (const rebuilt of [renamed, added, removed]) {
      const updated = reindexSiteFiles(indexSiteFiles(site()), rebuilt);
      expect(served(updated)).toEqual(served(indexSiteFiles(rebuilt)));
    }
    expect(lookUpPath(reindexSiteFiles(indexSiteFiles(site()), renamed), '/news/b/').kind).toBe('missing');
  });
});
