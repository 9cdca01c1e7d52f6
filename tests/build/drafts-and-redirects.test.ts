import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exists, newsItem, readText, removeDir, runCli, writeSite } from '../helpers/site.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

const files = {
  'content/news/2016-09-13-published.md': newsItem({ title: 'Published' }),
  'content/news/2016-09-14-draft.md': newsItem({ title: 'A draft', date: '2016-09-14', draft: 'true' }),
  'content/news/2026-03-01-scheduled.md': newsItem({ title: 'Scheduled for March 2026', date: '2026-03-01' }),
  'content/news/2016-09-15-moved.md': newsItem({ title: 'Moved', date: '2016-09-15', slug: 'new-slug', aliases: '[/news/old-slug/, /press/2016/moved/]' }),
  'content/news/2016-09-16-turkiye.md': newsItem({ title: 'Tagged with an old id', date: '2016-09-16', countries: '[turkey]' }),
};

/** Builds the site above into its own folder; the helper's default build date is 2026-01-15. */
function buildSite(args: string[], env: NodeJS.ProcessEnv = {}): { dir: string; result: ReturnType<typeof runCli>; page: (file: string) => string | null } {
  const dir = writeSite(files);
  made.push(dir);
  const result = runCli(['build', ...args], { cwd: dir, env });
  const page = (file: string): string | null => (exists(path.join(dir, 'dist', file)) ? readText(path.join(dir, 'dist', file)) : null);
  return { dir, result, page };
}

describe('drafts and scheduled items', () => {
  it('leaves out drafts and items dated after the build date', () => {
    const { result, page } = buildSite([]);
    expect(result.code).toBe(0);
    expect(page('news/published/index.html')).not.toBeNull();
    expect(page('news/draft/index.html')).toBeNull();
    expect(page('news/scheduled/index.html')).toBeNull();
    const archive = page('news/index.html') ?? '';
    expect(archive).toContain('href="/news/published/"');
    expect(archive).not.toContain('href="/news/draft/"');
    expect(archive).not.toContain('href="/news/scheduled/"');
    expect(page('news/atom.xml')).not.toContain('Scheduled for March 2026');
    expect(page('sitemap.xml')).not.toContain('/news/draft/');
  });

  it('includes drafts with --drafts and scheduled items with --future', () => {
    const drafts = buildSite(['--drafts']);
    expect(drafts.page('news/draft/index.html')).toContain('A draft');
    expect(drafts.page('news/scheduled/index.html')).toBeNull();
    const future = buildSite(['--future']);
    expect(future.page('news/scheduled/index.html')).toContain('Scheduled for March 2026');
    expect(future.page('news/draft/index.html')).toBeNull();
  });

  it('publishes a scheduled item once SOURCE_DATE_EPOCH reaches its date', () => {
    const before = buildSite([], { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 1, 28, 23, 59, 59) / 1000) });
    expect(before.page('news/scheduled/index.html')).toBeNull();
    const on = buildSite([], { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 2, 1) / 1000) });
    expect(on.page('news/scheduled/index.html')).toContain('Scheduled for March 2026');
  });

  it('refuses a SOURCE_DATE_EPOCH that is not a number of seconds', () => {
    const { result } = buildSite([], { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SOURCE_DATE_EPOCH "yesterday" is not a number of seconds.');
  });
});

describe('redirects never break a link', () => {
  it('redirects an item’s old paths to its current URL', () => {
    const { page } = buildSite([]);
    for (const old of ['news/old-slug/index.html', 'press/2016/moved/index.html']) {
      const html = page(old) ?? '';
      expect(html, old).toContain('<meta http-equiv="refresh" content="0; url=/news/new-slug/">');
      expect(html, old).toContain('<link rel="canonical" href="https://newsroom.example.org/news/new-slug/">');
      expect(html, old).toContain('<p>This page has moved to: <a href="/news/new-slug/">Moved</a></p>');
      expect(html, old).toContain('<meta name="description" content="This page has moved to: Moved">');
      expect(html, old).toContain('<meta name="robots" content="noindex">');
    }
    expect(page('news/new-slug/index.html')).toContain('<h1>Moved</h1>');
  });

  it('redirects a renamed term’s old address, and the old id still tags (with a warning)', () => {
    const { result, page } = buildSite([]);
    expect(result.stderr).toBe('content/news/2016-09-16-turkiye.md:6:13: warning: "turkey" has been renamed "turkiye". Write "turkiye" instead; the old id still works for now. [renamed-term]\n');
    const html = page('participating-states/turkey/index.html') ?? '';
    expect(html).toContain('<meta http-equiv="refresh" content="0; url=/participating-states/turkiye/">');
    expect(html).toContain('<link rel="canonical" href="https://newsroom.example.org/participating-states/turkiye/">');
    expect(html).toContain('<p>This page has moved to: <a href="/participating-states/turkiye/">Türkiye</a></p>');
    expect(page('participating-states/turkiye/index.html')).toContain('href="/news/turkiye/"');
    expect(page('participating-states/czech-republic/index.html')).toContain('url=/participating-states/czechia/');
  });

  it('reports an old item path that another page now uses', () => {
    const dir = writeSite({
      'content/news/2016-09-13-a.md': newsItem({ title: 'A' }),
      'content/news/2016-09-14-b.md': newsItem({ title: 'B', date: '2016-09-14', aliases: '[/news/a/]' }),
    });
    made.push(dir);
    const result = runCli(['check'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('content/news/2016-09-14-b.md:6:11: error: The old address /news/a/ is now used by another page. Remove it from "aliases:". [alias-clash]\n');
  });
});
