import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { defaultSchema, type Schema } from 'hast-util-sanitize';
import type { Html, Root as MdastRoot } from 'mdast';
import type { State } from 'mdast-util-to-hast';
import remarkGfm from 'remark-gfm';
import remarkHtml from 'remark-html';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { visit } from 'unist-util-visit';

import { ITEM_LINK_PREFIX, type RawHtmlPolicy, type RenderedBody } from './markdown-types.js';

export { ITEM_LINK_PREFIX, type RawHtmlPolicy, type RenderedBody } from './markdown-types.js';

const processors = new Map<string, Processor<MdastRoot, MdastRoot, HastRoot, undefined, string>>();

/**
 * Renders one item body with unified + remark-parse + remark-gfm +
 * remark-html. Pure and deterministic: the same Markdown, path and policy give
 * the same HTML, which is what makes the body cache and the worker pool safe.
 *
 * GFM's extensions (tables, strikethrough, autolink literals, footnotes, task
 * lists) double the cost of parsing, and most news items use none of them. So
 * a body is parsed as plain CommonMark first; only if that parse shows text
 * where a GFM construct could start (`mayUseGfm`) is it parsed again with GFM.
 * The HTML is the same as with GFM always on (a property test checks this).
 * `alwaysGfm` skips the fast path (for that test).
 */
export function renderMarkdown(markdown: string, sourceRelativePath: string, policy: RawHtmlPolicy, alwaysGfm = false): RenderedBody {
  const itemLinks: string[] = [];
  let processor = processorFor(policy, false);
  let tree = processor.parse(markdown);
  if (alwaysGfm || mayUseGfm(tree)) {
    processor = processorFor(policy, true);
    tree = processor.parse(markdown);
  }
  rewriteTree(tree, sourceRelativePath, itemLinks);
  const hast = processor.runSync(tree);
  const html = processor.stringify(hast);
  return { html, itemLinks: [...new Set(itemLinks)] };
}

/** Text that a GFM extension could turn into something else: `|` `~` `@`, `[^`, `[ ]`/`[x]`, URL and email starts. */
const GFM_TRIGGER = /[|~@]|\[\^|\[[ xX]\]|www\.|https?:\/\/|mailto:|xmpp:/i;

/**
 * Whether a plain CommonMark tree holds anything GFM could parse differently.
 * Every character a GFM construct needs ends up, in a plain parse, in a text
 * node, an image's alt text, or a reference label (`[^1]`, `[x]`); code, raw
 * HTML and link destinations are left alone by GFM as by CommonMark.
 */
function mayUseGfm(tree: MdastRoot): boolean {
  let found = false;
  visit(tree, (node) => {
    if (node.type === 'text') found = GFM_TRIGGER.test(node.value);
    else if (node.type === 'image' || node.type === 'imageReference') found = GFM_TRIGGER.test(node.alt ?? '');
    if (!found && (node.type === 'linkReference' || node.type === 'imageReference' || node.type === 'definition')) {
      const label = node.label ?? node.identifier;
      found = label.startsWith('^') || /^[ xX]$/.test(label) || GFM_TRIGGER.test(label);
    }
    // false stops the walk: one trigger is enough.
    return found ? false : undefined;
  });
  return found;
}

function processorFor(policy: RawHtmlPolicy, gfm: boolean): Processor<MdastRoot, MdastRoot, HastRoot, undefined, string> {
  const key = `${gfm ? 'gfm' : 'commonmark'}|${policy.mode}|${policy.embedHosts.join(',')}`;
  const cached = processors.get(key);
  if (cached) return cached;
  const schema = sanitizeSchema(policy);
  const handlers = policy.mode === 'sanitize' ? { html: (_state: State, node: Html) => parseRawHtml(node.value, policy) } : {};
  const parser = gfm ? unified().use(remarkParse).use(remarkGfm) : unified().use(remarkParse);
  const processor = parser.use(remarkHtml, { sanitize: schema, handlers }) as unknown as Processor<MdastRoot, MdastRoot, HastRoot, undefined, string>;
  processors.set(key, processor);
  return processor;
}

/** GitHub's allow-list, plus https iframes when the policy names embed hosts. */
export function sanitizeSchema(policy: RawHtmlPolicy): Schema {
  if (policy.embedHosts.length === 0) return defaultSchema;
  return {
    ...defaultSchema,
    tagNames: [...(defaultSchema.tagNames ?? []), 'iframe'],
    attributes: {
      ...defaultSchema.attributes,
      iframe: ['src', 'title', 'width', 'height', 'allowFullScreen', 'loading'],
    },
    protocols: { ...defaultSchema.protocols, src: ['https'] },
  };
}

function parseRawHtml(value: string, policy: RawHtmlPolicy): ElementContent[] {
  const fragment = fromHtml(value, { fragment: true });
  const keep = (node: ElementContent): boolean => {
    if (node.type !== 'element' || node.tagName !== 'iframe') return true;
    return isAllowedEmbed(node, policy.embedHosts);
  };
  const prune = (nodes: ElementContent[]): ElementContent[] =>
    nodes.filter(keep).map((node) => (node.type === 'element' ? { ...node, children: prune(node.children) } : node));
  return prune(fragment.children.filter((n): n is ElementContent => n.type !== 'doctype'));
}

function isAllowedEmbed(node: Element, hosts: readonly string[]): boolean {
  const src = node.properties['src'];
  if (typeof src !== 'string') return false;
  try {
    const url = new URL(src);
    return url.protocol === 'https:' && hosts.includes(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Shifts headings so the body's highest level becomes h2 (the page's h1 is
 * the title), keeping their relative order: editors may start at `#` or `##`
 * and the page's outline has no gap either way. Also marks links to other
 * items' Markdown files.
 */
function rewriteTree(tree: MdastRoot, sourceRelativePath: string, itemLinks: string[]): void {
  let highest = 6;
  visit(tree, 'heading', (node) => {
    highest = Math.min(highest, node.depth);
  });
  const shift = 2 - highest;
  visit(tree, (node) => {
    if (node.type === 'heading') {
      node.depth = Math.max(2, Math.min(6, node.depth + shift)) as typeof node.depth;
    } else if (node.type === 'link' || node.type === 'definition') {
      const target = resolveItemLink(node.url, sourceRelativePath);
      if (target) {
        itemLinks.push(target.path);
        node.url = `${ITEM_LINK_PREFIX}${target.path}${target.hash}`;
      }
    }
  });
}

function resolveItemLink(url: string, sourceRelativePath: string): { path: string; hash: string } | null {
  if (/^[a-z][a-z0-9+.-]*:|^\/\/|^\/|^#/i.test(url)) return null;
  const [withoutHash = '', hash = ''] = url.split(/(?=#)/);
  const filePath = decodeURIComponentSafe(withoutHash.split('?')[0] ?? '');
  if (!filePath.endsWith('.md')) return null;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(sourceRelativePath), filePath));
  if (resolved.startsWith('..')) return null;
  return { path: resolved, hash };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
