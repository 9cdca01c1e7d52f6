import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { newsItem, removeDir, runCli, writeSite } from '../helpers/site.js';

const sites: string[] = [];
afterAll(() => sites.forEach(removeDir));

// A body whose text holds the end of a CDATA section twice: the HTML keeps `]]>` as it is (only `<` and `&` are escaped in text).
const body = 'Arrays such as a[b[0]]> end here, and again: x[y[1]]> there.\n\nA second paragraph with "quotes" & an ampersand.';

describe('Atom feed content', () => {
  it('keeps a body that holds `]]>` more than once inside its CDATA section: the feed is well-formed and the text whole', async () => {
    const site = writeSite({
      'content/news/2016-09-13-brackets.md': newsItem({ title: 'Brackets', fieldsOfWork: '[policing]' }, body),
      'content/news/2016-09-12-plain.md': newsItem({ title: 'Plain', fieldsOfWork: '[policing]' }, 'Nothing special here.'),
    });
    sites.push(site);
    const result = runCli(['build', '--no-cache', '--out', 'dist'], { cwd: site });
    expect(result.code, result.stderr).toBe(0);
    for (const feedPath of ['news/atom.xml', 'fields-of-work/policing/atom.xml']) {
      const xml = readFileSync(path.join(site, 'dist', feedPath), 'utf8');
      const validation = await validateXML({ xml: [{ fileName: 'atom.xml', contents: xml }], normalization: 'c14n' });
      expect(validation.errors, feedPath).toEqual([]);
      const entries = parseFeed(xml).items;
      expect(entries.map((entry) => entry.title), feedPath).toEqual(['Brackets', 'Plain']);
      const content = entries[0]?.content ?? '';
      expect(content, feedPath).toContain('a[b[0]]> end here');
      expect(content, feedPath).toContain('x[y[1]]> there.');
      expect(content, feedPath).toContain('A second paragraph with');
      expect(entries[1]?.content, feedPath).toContain('Nothing special here.');
    }
  });
});
