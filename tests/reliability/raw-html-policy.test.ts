import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { afterAll, describe, expect, it } from 'vitest';
import { newsItem, readText, removeDir, repoRoot, runCli, writeSite } from '../helpers/site.js';

const BODY = `Some **Markdown** text.

<p class="raw"><b>bold raw</b> and <a href="https://www.osce.org/">a raw link</a></p>

<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video" width="560" height="315" allowfullscreen></iframe>

<iframe src="http://www.youtube-nocookie.com/embed/plain-http"></iframe>

<iframe src="https://evil.example/embed"></iframe>

<iframe src="https://www.youtube-nocookie.com.evil.example/embed/lookalike"></iframe>

<IFRAME SRC="https://www.youtube-nocookie.com/embed/handler" onload="alert(1)" srcdoc="<script>alert(1)</script>"></IFRAME>

<iframe src="javascript:alert(1)"></iframe>

<script>alert(1)</script>
`;

const sites: string[] = [];
afterAll(() => sites.forEach(removeDir));

/** Builds a one-item site with `rawHtml` set as given, and returns the item page's elements. */
function buildWithPolicy(rawHtml: string): { html: string; iframes: Element[]; tags: string[] } {
  const siteYaml = `${readFileSync(path.join(repoRoot, 'content/site.yaml'), 'utf8')}${rawHtml}`;
  const site = writeSite({ 'content/site.yaml': siteYaml, 'content/news/2016-09-13-embed.md': newsItem({ title: 'Embed' }, BODY) });
  sites.push(site);
  const result = runCli(['build', '--out', 'dist'], { cwd: site });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const html = readText(path.join(site, 'dist/news/embed/index.html'));
  const article = html.slice(html.indexOf('<h1>'));
  const iframes: Element[] = [];
  const tags: string[] = [];
  visit(fromHtml(article, { fragment: true }), 'element', (node: Element) => {
    tags.push(node.tagName);
    if (node.tagName === 'iframe') iframes.push(node);
  });
  return { html: article, iframes, tags };
}

describe('the raw HTML policy of site.yaml', () => {
  it('sanitizes by default: harmless raw HTML stays, scripts and every iframe go', () => {
    const { html, iframes, tags } = buildWithPolicy('');
    expect(html).toContain('<p>Some <strong>Markdown</strong> text.</p>');
    expect(html).toContain('<b>bold raw</b> and <a href="https://www.osce.org/">a raw link</a>');
    expect(iframes).toEqual([]);
    expect(tags).not.toContain('script');
    expect(html).not.toContain('alert(1)</script>');
  });

  it('with mode: strip, drops raw HTML altogether and keeps the Markdown', () => {
    const { html, iframes } = buildWithPolicy('rawHtml:\n  mode: strip\n');
    expect(html).toContain('<p>Some <strong>Markdown</strong> text.</p>');
    expect(html).not.toContain('bold raw');
    expect(html).not.toContain('a raw link');
    expect(iframes).toEqual([]);
  });

  it('with embedHosts, keeps https iframes from the named hosts only, without handlers', () => {
    const { iframes } = buildWithPolicy('rawHtml:\n  mode: sanitize\n  embedHosts: [www.youtube-nocookie.com]\n');
    expect(iframes.map((f) => f.properties['src'])).toEqual(['https://www.youtube-nocookie.com/embed/abc', 'https://www.youtube-nocookie.com/embed/handler']);
    for (const iframe of iframes) {
      expect(Object.keys(iframe.properties).filter((name) => /^on|srcdoc/i.test(name))).toEqual([]);
    }
    expect(iframes[0]?.properties['title']).toBe('Video');
  });
});
