import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, type RawHtmlPolicy } from '../../src/render/markdown.js';

const POLICY: RawHtmlPolicy = { mode: 'sanitize', embedHosts: [] };

/** Pieces of Markdown around every GFM construct and the places GFM leaves alone (code, HTML, link destinations). */
const FRAGMENTS = [
  'word', 'Other', ' ', ' ', '\n', '\n\n', '  \n', '*', '**', '_', '[', ']', '(', ')', '<', '>', '!', '\\', '`', ':',
  '|', '~', '~~', '~x~', '~~gone~~', '\\~', '@', 'a@b.co', 'press@osce.org', 'www.osce.org', 'WWW.OSCE.ORG',
  'http://x.org', 'https://x.org/a_(b)', 'HTTPS://X.ORG', 'mailto:a@b.co', 'xmpp:a@b.co/r',
  '[^1]', '[^note]: A footnote.', '[ ]', '[x]', '[X]', '- [ ] open', '- [x] done', '1. [x] done',
  '| a | b |', '|---|---|', '--- | ---', 'a | b', '| - |', '`a|b`', '`~~x~~`', '```\n~~x~~ | www.x.org\n```',
  '<span>~~x~~ www.x.org</span>', '<!-- a@b.co -->', '![~~alt~~](i.png)', '![alt www.x.org](i.png)', '![i][x]',
  '[link](https://www.x.org)', '[a|b](https://x.org/a~b)', '[x]: /url', '[ref]: https://x.org "~~t~~"', '[ref]',
  '\\[a\\](https://x.org)', 'foo](https://x.org)', '(https://x.org)', '<https://x.org>', '<a@b.co>',
  '\n| a | b |\n|---|---|\n| 1 | 2 |\n', '\na | b\n--- | ---\n', '\n| one |\n| :-: |\n', '\n- [ ] task\n', '\n- [x] done\n\n[x]: /url\n', '\nNote[^1].\n\n[^1]: /url\n',
  '\n> ', '\n- ', '> ', '- ', '1. ', '# ', '## ', '    indented www.x.org', '---', '***',
];

const markdown = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));

describe('the GFM fast path of renderMarkdown', () => {
  it('gives exactly the HTML of a parse with GFM always on, for any mix of GFM and plain constructs', () => {
    fc.assert(
      fc.property(markdown, (text) => {
        expect(renderMarkdown(text, 'news/x.md', POLICY)).toEqual(renderMarkdown(text, 'news/x.md', POLICY, true));
      }),
      { numRuns: 3000, seed: 20261129 },
    );
  });

  it('still renders every GFM construct', () => {
    const html = renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ www.osce.org press@osce.org\n\n- [x] done\n\nNote[^1].\n\n[^1]: A footnote.\n', 'news/x.md', POLICY).html;
    expect(html).toContain('<table>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toContain('<a href="http://www.osce.org">www.osce.org</a>');
    expect(html).toContain('<a href="mailto:press@osce.org">press@osce.org</a>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('A footnote.');
  });
});
