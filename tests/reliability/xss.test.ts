import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { newsItem, readTree, removeDir, repoRoot, runCli, writeSite } from '../helpers/site.js';
import { MARKDOWN_PAYLOADS, XSS_PAYLOADS } from './xss-payloads.js';

/** A YAML double-quoted scalar: JSON strings are valid YAML 1.2. */
const yamlString = (text: string): string => JSON.stringify(text);

const URL_PROPERTIES = new Set(['href', 'src', 'action', 'formAction', 'poster', 'cite', 'data', 'background', 'xLinkHref', 'srcSet', 'ping', 'manifest', 'codeBase']);
const FORBIDDEN_ELEMENTS = new Set(['iframe', 'object', 'embed', 'style', 'frame', 'frameset', 'applet', 'base', 'svg', 'math']);

/** Every problem a browser would execute or load in a written page. */
export function findDangers(html: string, options: { allowedIframeHosts?: readonly string[] } = {}): string[] {
  const tree: Root = fromHtml(html);
  const found: string[] = [];
  visit(tree, 'element', (node: Element) => {
    const name = node.tagName;
    if (name === 'script') {
      const type = String(node.properties['type'] ?? '');
      const src = node.properties['src'];
      // Our own scripts: JSON-LD blocks, and on the search page the Pagefind bundle (/pagefind/) and its starter (/assets/search.js).
      const ours = (type === 'application/ld+json' && src === undefined) || (typeof src === 'string' && /^\/(?:pagefind\/[\w.-]+|assets\/search\.[0-9a-f]{10})\.js$/.test(src) && node.children.length === 0);
      if (!ours) found.push(`<script type="${type}" src="${String(src ?? '')}">`);
    }
    if (FORBIDDEN_ELEMENTS.has(name)) {
      const src = String(node.properties['src'] ?? '');
      const allowed = name === 'iframe' && (options.allowedIframeHosts ?? []).some((host) => src.startsWith(`https://${host}/`));
      if (!allowed) found.push(`<${name}>`);
    }
    // The alias redirect pages' own `<meta http-equiv="refresh">` is fine as long as its target is no script.
    if (name === 'meta' && node.properties['httpEquiv'] !== undefined) {
      const target = String(node.properties['content'] ?? '').replace(/^\d+;\s*url=/i, '').replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (/^(?:javascript|vbscript|data):/.test(target)) found.push(`<meta http-equiv content="${target}">`);
    }
    for (const [property, value] of Object.entries(node.properties)) {
      if (/^on/i.test(property)) found.push(`<${name} ${property}>`);
      if (property === 'style' && /url\s*\(|expression/i.test(String(value))) found.push(`<${name} style="${String(value)}">`);
      if (URL_PROPERTIES.has(property)) {
        // What a browser does before reading a scheme: drop whitespace and control characters.
        const normalized = String(Array.isArray(value) ? value.join(' ') : value).replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
        if (/^(?:javascript|vbscript|data|livescript|mocha):/.test(normalized)) found.push(`<${name} ${property}="${String(value)}">`);
      }
    }
  });
  return found;
}

function scriptBlocks(html: string): string[] {
  const blocks: string[] = [];
  visit(fromHtml(html), 'element', (node: Element) => {
    if (node.tagName === 'script') blocks.push(node.children.map((c) => (c.type === 'text' ? c.value : '')).join(''));
  });
  return blocks;
}

/** The corpus, spread over every front-matter string, the taxonomy and site texts, and the body. */
function hostileSite(): string {
  const taxonomyDir = path.join(repoRoot, 'content/taxonomies');
  const files: Record<string, string> = {};
  for (const name of readdirSync(taxonomyDir)) files[`content/taxonomies/${name}`] = readFileSync(path.join(taxonomyDir, name), 'utf8');
  files['content/taxonomies/fields-of-work.yaml'] = (files['content/taxonomies/fields-of-work.yaml'] ?? '')
    .replace('title: Fields of work', `title: ${yamlString(`Fields ${XSS_PAYLOADS[2]}`)}\ndescription: ${yamlString(XSS_PAYLOADS[4] ?? '')}`)
    .replace('    name: Policing\n', `    name: ${yamlString(`Policing ${XSS_PAYLOADS[3]}`)}\n    description: ${yamlString(XSS_PAYLOADS.join(' '))}\n`);
  files['content/taxonomies/structures.yaml'] = (files['content/taxonomies/structures.yaml'] ?? '').replace(
    /(- id: secretariat\n\s+name: )[^\n]+/,
    (_whole, head: string) => `${head}${yamlString(`Secretariat ${XSS_PAYLOADS[5]}`)}`,
  );
  const siteYaml = readFileSync(path.join(repoRoot, 'content/site.yaml'), 'utf8')
    .replace(/^title: .*$/m, `title: ${yamlString(`OSCE ${XSS_PAYLOADS[0]}`)}`)
    .replace(/^description: .*$/m, `description: ${yamlString(`News ${XSS_PAYLOADS[1]}`)}`);
  files['content/site.yaml'] = siteYaml;
  const body = [...XSS_PAYLOADS.map((p) => `${p}\n\nText: ${p}\n`), ...MARKDOWN_PAYLOADS].join('\n\n');
  XSS_PAYLOADS.forEach((payload, index) => {
    files[`content/news/2016-09-${String((index % 28) + 1).padStart(2, '0')}-payload-${index}.md`] = newsItem(
      {
        title: yamlString(payload),
        summary: yamlString(XSS_PAYLOADS[(index + 1) % XSS_PAYLOADS.length] ?? ''),
        issuedBy: 'secretariat',
        fieldsOfWork: '[policing]',
      },
      body,
    );
  });
  return writeSite(files);
}

describe('a site whose every text is an XSS payload', () => {
  let site: string;
  let tree: Map<string, Buffer>;
  let result: ReturnType<typeof runCli>;
  beforeAll(() => {
    site = hostileSite();
    result = runCli(['build', '--out', 'dist'], { cwd: site });
    tree = readTree(path.join(site, 'dist'));
  });
  afterAll(() => removeDir(site));
  const text = (file: string): string => tree.get(file)?.toString('utf8') ?? '';

  it('builds', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(tree.has('news/payload-0/index.html')).toBe(true);
  });

  it('lets no script, event handler, dangerous URL or embedded frame reach any page', () => {
    const pages = [...tree.keys()].filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(100);
    const dangers = pages.flatMap((file) => findDangers(text(file)).map((danger) => `${file}: ${danger}`));
    expect(dangers).toEqual([]);
  });

  it('shows each payload as text, in the <h1>, the <title> and the meta description alike', () => {
    XSS_PAYLOADS.forEach((payload, index) => {
      const page = fromHtml(text(`news/payload-${index}/index.html`));
      const texts: Record<string, string> = {};
      visit(page, 'element', (node: Element) => {
        const value = node.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
        if (node.tagName === 'h1' || node.tagName === 'title') texts[node.tagName] = value;
        if (node.tagName === 'meta' && node.properties['name'] === 'description') texts['description'] = String(node.properties['content']);
      });
      expect(texts['h1'], payload).toBe(payload.trim());
      expect(texts['title'], payload).toContain(payload.trim());
      expect(texts['description'], payload).toBe((XSS_PAYLOADS[(index + 1) % XSS_PAYLOADS.length] ?? '').trim());
    });
  });

  it('keeps every JSON-LD block valid JSON, holding the payload as data', () => {
    XSS_PAYLOADS.forEach((payload, index) => {
      const html = text(`news/payload-${index}/index.html`);
      const blocks = scriptBlocks(html);
      expect(blocks.length, payload).toBeGreaterThan(0);
      const data = blocks.map((block) => JSON.parse(block) as Record<string, unknown>);
      const article = data.find((d) => d['@type'] === 'NewsArticle');
      expect(article?.['headline'], payload).toBe(payload.trim());
      // The raw page has exactly as many `<script` openings as JSON-LD blocks: nothing broke out.
      expect(html.match(/<script/gi)?.length).toBe(blocks.length);
    });
    const home = scriptBlocks(text('index.html')).map((block) => JSON.parse(block) as Record<string, unknown>);
    expect(home[0]?.['name']).toBe(`OSCE ${XSS_PAYLOADS[0]}`);
  });

  it('writes Atom feeds that are well-formed XML, with the payloads as text and sanitized content', async () => {
    const feeds = [...tree.keys()].filter((file) => file.endsWith('atom.xml'));
    expect(feeds).toContain('news/atom.xml');
    expect(feeds).toContain('fields-of-work/policing/atom.xml');
    // Every feed is built the same way: the stream's and the hostile term's stand for all (xmllint-wasm is slow).
    for (const file of ['news/atom.xml', 'fields-of-work/policing/atom.xml', 'structures/secretariat/atom.xml']) {
      const validation = await validateXML({ xml: [{ fileName: 'atom.xml', contents: text(file) }], normalization: 'c14n' });
      expect(validation.errors, file).toEqual([]);
    }
    const feed = parseFeed(text('news/atom.xml'));
    const payloads = new Set(XSS_PAYLOADS.map((p) => p.trim()));
    expect(feed.items).toHaveLength(20);
    for (const item of feed.items) expect(payloads.has(item.title ?? ''), item.title ?? '').toBe(true);
    const policing = parseFeed(text('fields-of-work/policing/atom.xml'));
    expect(policing.items[0]?.categories.map((c) => c.label)).toContain(`Policing ${XSS_PAYLOADS[3]}`);
    // The entries' HTML content, read from the XML itself (the feed parser decodes entities once more than a reader would).
    const contents = [...text('news/atom.xml').matchAll(/<content type="html">((?:<!\[CDATA\[[\s\S]*?\]\]>)+)<\/content>/g)].map((m) =>
      (m[1] ?? '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1'),
    );
    expect(contents).toHaveLength(20);
    for (const content of contents) expect(findDangers(content)).toEqual([]);
  });

  it('shows the hostile term name, term description and vocabulary title as text', () => {
    const term = fromHtml(text('fields-of-work/policing/index.html'));
    const vocabulary = fromHtml(text('fields-of-work/index.html'));
    const textOf = (tree: Root, tag: string): string[] => {
      const found: string[] = [];
      visit(tree, 'element', (node: Element) => {
        if (node.tagName === tag) found.push(node.children.map((c) => (c.type === 'text' ? c.value : '')).join(''));
      });
      return found;
    };
    expect(textOf(term, 'h1')).toEqual([`Policing ${XSS_PAYLOADS[3]}`]);
    expect(text('fields-of-work/policing/index.html')).toContain('&lt;svg/onload=alert(1)&gt;');
    expect(textOf(vocabulary, 'h1')).toEqual([`Fields ${XSS_PAYLOADS[2]}`]);
  });
});
