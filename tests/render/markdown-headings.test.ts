import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown.js';

const policy = { mode: 'sanitize', embedHosts: [] } as const;
const headings = (markdown: string): string[] => [...renderMarkdown(markdown, 'news/a.md', policy).html.matchAll(/<(h\d)>/g)].map((m) => m[1] ?? '');

describe('headings in an item body', () => {
  it('start at h2 under the page title whether the editor starts at # or ##', () => {
    expect(headings('# One\n\n## Two\n')).toEqual(['h2', 'h3']);
    expect(headings('## One\n\n### Two\n\n## Three\n')).toEqual(['h2', 'h3', 'h2']);
  });

  it('never rise to h1 nor go past h6', () => {
    expect(headings('### A\n\n###### B\n')).toEqual(['h2', 'h5']);
    expect(headings('# A\n\n###### B\n')).toEqual(['h2', 'h6']);
  });
});

describe('GitHub-flavoured Markdown in an item body', () => {
  const html = (markdown: string): string => renderMarkdown(markdown, 'news/a.md', policy).html;

  it('renders tables and strikethrough', () => {
    const table = html('| Country | Officers |\n| --- | ---: |\n| Ukraine | 3500 |\n');
    expect(table).toContain('<table>');
    expect(table).toContain('<th>Country</th>');
    expect(table).toContain('<td align="right">3500</td>');
    expect(html('~~withdrawn~~')).toContain('<del>withdrawn</del>');
  });

  it('links bare web addresses but never a javascript: text', () => {
    expect(html('See https://www.osce.org/ukraine.')).toContain('<a href="https://www.osce.org/ukraine">https://www.osce.org/ukraine</a>');
    expect(html('javascript:alert(1)')).not.toContain('<a');
  });
});
