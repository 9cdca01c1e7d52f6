import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exists, newsItem, readText, removeDir, repoRoot, runCli } from '../helpers/site.js';
import { writeMiniSite } from '../helpers/mini-site.js';

const sites: string[] = [];
afterAll(() => sites.forEach(removeDir));
const mini = (files: Record<string, string>): string => {
  const site = writeMiniSite(files);
  sites.push(site);
  return site;
};
const item = (fields: Record<string, string>, body: string): string => newsItem({ issuedBy: 'secretariat', ...fields }, body);
const A = 'content/news/2016-09-13-first.md';
const B = 'content/news/2016-09-14-second.md';

describe('internal links after rendering', () => {
  it("turns a link to another item's Markdown file into that item's URL, fragment kept", () => {
    const site = mini({
      [A]: item({ title: 'First' }, 'See [the second](2016-09-14-second.md#details) and [again](./2016-09-14-second.md).'),
      [B]: item({ title: 'Second', date: '2016-09-14' }, 'Back to [the first](../news/2016-09-13-first.md).'),
    });
    const result = runCli(['build'], { cwd: site });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readText(path.join(site, 'dist/news/first/index.html'))).toContain('<a href="/news/second/#details">the second</a> and <a href="/news/second/">again</a>');
    expect(readText(path.join(site, 'dist/news/second/index.html'))).toContain('<a href="/news/first/">the first</a>');
  });

  it('fails on a link to a missing Markdown file, naming the file and the line', () => {
    const site = mini({ [A]: item({ title: 'First' }, 'Intro.\n\nSee [nothing](2016-01-01-missing.md) here.') });
    const result = runCli(['build'], { cwd: site });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${A}:10:15: error: This item links to news/2016-01-01-missing.md, which is not a published item.`);
    expect(exists(path.join(site, 'dist'))).toBe(false);
    // The failed first build leaves nothing beside the output, not even the empty folder its staging was in.
    expect(exists(path.join(site, '.dist.builds'))).toBe(false);
  });

  it('fails on a broken site link in Markdown, naming the Markdown file and the line', () => {
    const site = mini({ [A]: item({ title: 'First' }, 'Intro.\n\nSee [the archive](/news/1999/) and ![a chart](/assets/missing.png).') });
    const result = runCli(['build'], { cwd: site });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${A}:10:19: error: The text of this item links to /news/1999/, which is not a page of the site.`);
    expect(result.stderr).toContain(`${A}:10:47: error: The text of this item links to /assets/missing.png, which is not a page of the site.`);
    expect(exists(path.join(site, 'dist'))).toBe(false);
  });

  it('fails on a broken link in a template, naming the template', () => {
    const home = readFileSync(path.join(repoRoot, 'templates/home.liquid'), 'utf8');
    const site = mini({ [A]: item({ title: 'First' }, 'Text.') });
    const withBrokenLink = home.replace('{% block content %}\n', '{% block content %}\n<p>More <a href="/about-us/">about us</a></p>\n');
    writeFileSync(path.join(site, 'templates/home.liquid'), withBrokenLink);
    const result = runCli(['build'], { cwd: site });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('templates/home.liquid:3:18: error: A page made with home.liquid (/) links to /about-us/, which is not a page of the site.');
    expect(exists(path.join(site, 'dist'))).toBe(false);
  });

  it('points a script linked by its unhashed name in a template to site.assets, at the line of the template', () => {
    const search = readFileSync(path.join(repoRoot, 'templates/search.liquid'), 'utf8');
    const site = mini({ [A]: item({ title: 'First' }, 'Text.') });
    const unhashed = search.replace(/<script src="\{\{ site\.assets\['search\.js'\] \}\}"/, '<script src="{{ basePath }}assets/search.js"');
    expect(unhashed).not.toBe(search);
    writeFileSync(path.join(site, 'templates/search.liquid'), unhashed);
    const result = runCli(['build'], { cwd: site });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("templates/search.liquid:4:28: error: A page made with search.liquid (/search/) links to /assets/search.js, which is not a page of the site. Stylesheets and scripts are published under names with a hash of their content: link this one as {{ site.assets['search.js'] }}. [broken-link]");
  });

  it('fails once on a broken link in the navigation, naming the partial, not every page that shows it', () => {
    const navigation = readFileSync(path.join(repoRoot, 'templates/partials/navigation.liquid'), 'utf8');
    const site = mini({ [A]: item({ title: 'First' }, 'Text.') });
    writeFileSync(path.join(site, 'templates/partials/navigation.liquid'), `<a href="/projects/">Projects</a>\n${navigation}`);
    const result = runCli(['build'], { cwd: site });
    expect(result.code).toBe(1);
    const reports = result.stderr.split('\n').filter((line) => line.includes('/projects/'));
    expect(reports).toEqual(['templates/partials/navigation.liquid:1:10: error: The navigation (en) links to /projects/, which is not a page of the site. Correct the link, or remove it. [broken-link]']);
  });

  it('accepts links to every kind of written file: pages, feeds, assets, the sitemap', () => {
    const site = mini({ [A]: item({ title: 'First' }, '[news](/news/) [feed](/news/atom.xml) [map](/sitemap.xml) [secretariat](/structures/secretariat/#top) [search](/search/?q=x)') });
    const result = runCli(['build'], { cwd: site });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
