import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { createBuildSession } from '../../src/incremental/build-session.js';
import { MINI_SITE_YAML, putFile, writeMiniSite } from '../helpers/mini-site.js';
import { newsItem, removeDir } from '../helpers/site.js';

const BUILD_DATE = '2026-01-15';
const item = (title: string, date: string, body: string): string => newsItem({ title, date, issuedBy: 'secretariat' }, body);

describe('the link check of an incremental session', () => {
  const sites: string[] = [];
  afterAll(() => sites.forEach(removeDir));

  it('skips unchanged pages only while no page has gone: a link to a page that disappears is still caught', async () => {
    const site = writeMiniSite({
      'content/site.yaml': `${MINI_SITE_YAML}pageSize: 1\n`,
      'content/news/a.md': item('Alpha', '2020-01-02', 'Older news is on [page 1](/news/page/1/).'),
      'content/news/b.md': item('Beta', '2020-01-01', 'Text.'),
    });
    sites.push(site);
    const session = createBuildSession({ cwd: site, buildDate: BUILD_DATE, outDir: 'dist', searchIndex: false });
    const first = await session.rebuild();
    expect(first.diagnostics).toEqual([]);

    // A new item: /news/page/1/ still exists, nothing is broken, and the unchanged item page was not re-rendered.
    putFile(site, 'content/news/c.md', item('Gamma', '2020-01-03', 'Text.'));
    const grown = await session.rebuild(['content/news/c.md']);
    expect(grown.ok).toBe(true);
    expect(grown.written).not.toContain('news/alpha/index.html');

    // A larger page size: /news/page/1/ is gone, though neither item's page changed.
    putFile(site, 'content/site.yaml', `${MINI_SITE_YAML}pageSize: 10\n`);
    const shrunk = await session.rebuild(['content/site.yaml']);
    const clean = await build({ cwd: site, buildDate: BUILD_DATE, outDir: path.join(site, 'clean'), cacheDir: null, searchIndex: false });
    expect(clean.ok).toBe(false);
    expect(shrunk.ok).toBe(false);
    expect(shrunk.diagnostics).toEqual(clean.diagnostics);
    expect(shrunk.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`)).toEqual(['content/news/a.md:8:27 broken-link']);
  });
});
