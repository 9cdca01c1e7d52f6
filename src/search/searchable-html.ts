/**
 * What of a page Pagefind needs to see: the page up to its `<body>` tag (the
 * language, the head) and the `data-pagefind-body` regions, which are all it
 * indexes once any page of the site holds one. The rest of an item page — the
 * navigation, header, related items, footer — is more than half its bytes, and
 * Pagefind's time goes mostly into parsing HTML, so leaving it out halves the
 * indexer's work (on the sample corpus the bundle it writes is byte for byte
 * the same).
 *
 * Pagefind also reads some things outside the regions: `data-pagefind-*`
 * attributes (filters, meta, sort) and, for default metadata, the first `<h1>`
 * and `<img>`. If the part left out holds any of them, or the page is not shaped
 * as expected, the whole page is sent, so the index never depends on the cut.
 */
export function searchableHtml(html: string): string {
  const bodyTag = /<body[\s>]/i.exec(html);
  if (!bodyTag) return html;
  const bodyOpenEnd = html.indexOf('>', bodyTag.index) + 1;
  if (bodyOpenEnd === 0) return html;
  const regions: string[] = [];
  const outside: string[] = [];
  let position = bodyOpenEnd;
  for (;;) {
    const marker = html.indexOf('data-pagefind-body', position);
    if (marker < 0) break;
    const start = html.lastIndexOf('<', marker);
    const end = start < position ? -1 : endOfElement(html, start);
    if (end < 0) return html;
    outside.push(html.slice(position, start));
    regions.push(html.slice(start, end));
    position = end;
  }
  if (regions.length === 0) return html;
  outside.push(html.slice(position));
  if (outside.some((part) => READ_OUTSIDE_REGIONS.test(part))) return html;
  return `${html.slice(0, bodyOpenEnd)}${regions.join('\n')}</body></html>`;
}

const READ_OUTSIDE_REGIONS = /data-pagefind-|<h1[\s>]|<img[\s>]/i;

/** Index just past the element opened at `start` (matching nested tags of the same name), or -1. */
function endOfElement(html: string, start: number): number {
  const name = /^<([a-zA-Z][\w-]*)/.exec(html.slice(start, start + 64))?.[1];
  if (!name) return -1;
  const tags = new RegExp(`<(/?)${name}(?=[\\s/>])`, 'gi');
  tags.lastIndex = start;
  let depth = 0;
  for (let tag = tags.exec(html); tag; tag = tags.exec(html)) {
    depth += tag[1] ? -1 : 1;
    if (depth === 0) {
      const close = html.indexOf('>', tag.index);
      return close < 0 ? -1 : close + 1;
    }
  }
  return -1;
}
