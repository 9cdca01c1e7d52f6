import { describe, expect, it } from 'vitest';
import { searchableHtml } from '../../src/search/searchable-html.js';

const page = (body: string): string => `<!doctype html><html lang="fr"><head><title>T</title></head><body class="x">${body}</body></html>`;

describe('searchableHtml (what of a page is sent to Pagefind)', () => {
  it('keeps the head and the data-pagefind-body regions, nested tags of the same name included', () => {
    const html = page('<nav><a href="/">Home</a></nav><div data-pagefind-body><div><p>One</p></div><p>Two</p></div><footer>F</footer><section data-pagefind-body>Three</section>');
    expect(searchableHtml(html)).toBe('<!doctype html><html lang="fr"><head><title>T</title></head><body class="x"><div data-pagefind-body><div><p>One</p></div><p>Two</p></div>\n<section data-pagefind-body>Three</section></body></html>');
  });

  it('sends the whole page when the part left out holds anything Pagefind reads', () => {
    for (const outside of ['<span data-pagefind-filter="Year">2020</span>', '<h1>Site</h1>', '<img src="/logo.png" alt="">', '<p data-pagefind-meta="image">x</p>']) {
      const html = page(`<header>${outside}</header><article data-pagefind-body>Text</article>`);
      expect(searchableHtml(html), outside).toBe(html);
    }
  });

  it('sends the whole page when it has no region or an unclosed one', () => {
    for (const html of [page('<article>Text</article>'), page('<article data-pagefind-body><p>Text</p>'), '<p data-pagefind-body>no body tag</p>']) expect(searchableHtml(html)).toBe(html);
  });
});
