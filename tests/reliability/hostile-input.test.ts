import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { exists, newsItem, readText, removeDir, runCli } from '../helpers/site.js';
import { writeMiniSite } from '../helpers/mini-site.js';

const sites: string[] = [];
afterAll(() => sites.forEach(removeDir));
const mini = (files: Record<string, string> = {}): string => {
  const site = writeMiniSite(files);
  sites.push(site);
  return site;
};
const ITEM = 'content/news/2016-09-13-x.md';
const item = (fields: Record<string, string>, body = 'Body.'): string => newsItem({ issuedBy: 'secretariat', ...fields }, body);

describe('YAML in front matter and vocabularies', () => {
  it('executes no custom tag, and reports it at its position', () => {
    for (const tagged of ['!!js/function "function () { globalThis.hacked = 1 }"', '!custom x', '!!python/object:os.system [ls]']) {
      const site = mini({ [ITEM]: item({ title: tagged }) });
      const result = runCli(['build'], { cwd: site });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${ITEM}:2:8: error: Custom YAML tags (values starting with "!") are not supported.`);
      expect(exists(path.join(site, 'dist'))).toBe(false);
    }
  });

  it('lets __proto__ and constructor keys pollute nothing, and warns about them as unknown fields', async () => {
    const site = mini({
      [ITEM]: '---\ntitle: T\ndate: 2016-09-13\nsummary: S\nissuedBy: secretariat\n__proto__:\n  polluted: yes\n  title: hacked\nconstructor:\n  prototype:\n    polluted: yes\n---\n\nBody.\n',
    });
    const result = await build({ cwd: site, buildDate: '2026-01-15', write: false });
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    const titles = [...(result.model?.itemsByLanguage.get('en') ?? [])].map((i) => i.title);
    expect(titles).toEqual(['T']);
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['6:1 unknown-field', '9:1 unknown-field']);
  });

  it('keeps NO, yes, on and dates as text, and reads 0x1F and 1e3 as the numbers YAML 1.2 says they are', () => {
    const site = mini({ [ITEM]: item({ title: 'NO', summary: 'yes' }) });
    expect(runCli(['build'], { cwd: site }).code).toBe(0);
    const page = readText(path.join(site, 'dist/news/x/index.html'));
    expect(page).toContain('<h1>NO</h1>');
    expect(page).toContain('<time datetime="2016-09-13">13 September 2016</time>');
    expect(page).toContain('<p class="item__summary">yes</p>');
    for (const [field, value, message] of [
      ['title', '1e3', `${ITEM}:2:8: error: Field "title" must be text, not a number (1000).`],
      ['summary', '0x1F', `${ITEM}:4:10: error: Field "summary" must be text, not a number (31).`],
      ['draft', 'on', `${ITEM}:6:8: error: Field "draft" must be true or false, not text ("on").`],
    ] as const) {
      const broken = mini({ [ITEM]: item({ [field]: value, ...(field === 'draft' ? { draft: value } : {}) }) });
      const result = runCli(['build'], { cwd: broken });
      expect(result.code, value).toBe(1);
      expect(result.stderr, value).toContain(message);
    }
  });

  it('refuses XSS payloads in the slug, the aliases and the file name, the fields that become addresses', () => {
    const site = mini({ [ITEM]: item({ slug: '"x\\"><script>alert(1)</script>"', aliases: '["/a/\\"><svg onload=alert(1)>/"]' }) });
    const result = runCli(['build'], { cwd: site });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/:6:7: error: Field "slug" .* is not a valid slug\..*\[invalid-slug-format\]/);
    expect(result.stderr).toMatch(/:7:11: error: Field "aliases\[\d\]" .* is not a site path\..*\[invalid-alias-path\]/);
    const hostileName = 'content/news/2016-09-13-a"><img src=x onerror=alert(1)>.md';
    const named = mini({ [hostileName]: item({}, 'Body.') });
    const byName = runCli(['build'], { cwd: named });
    expect(byName.code).toBe(1);
    expect(byName.stderr).toContain(`${hostileName}:1:1: error: The file name gives the slug "a"><img src=x onerror=alert(1)>", which cannot be used in a web address.`);
    expect(exists(path.join(named, 'dist'))).toBe(false);
  });

  it("keeps Norway's country code NO a string in a vocabulary", async () => {
    const site = mini({
      'content/taxonomies/participating-states.yaml': 'title: Participating States\nterms:\n  - id: norway\n    name: Norway\n    code: NO\n  - id: yes-land\n    name: on\n    code: yes\n',
    });
    const result = await build({ cwd: site, buildDate: '2026-01-15', write: false });
    expect(result.diagnostics).toEqual([]);
    const states = result.model?.vocabularies.find((v) => v.id === 'participating-states');
    expect(states?.byId.get('norway')?.code).toBe('NO');
    expect(states?.byId.get('yes-land')?.code).toBe('yes');
    expect(states?.byId.get('yes-land')?.name).toEqual({ '*': 'on' });
  });
});

describe('input of extreme size and shape', () => {
  it('builds a 5 MB item', () => {
    const paragraph = `${'Lorem ipsum dolor sit amet, **consectetur** adipiscing elit. '.repeat(16)}\n\n`;
    const body = paragraph.repeat(Math.ceil((5 * 1024 * 1024) / paragraph.length));
    expect(body.length).toBeGreaterThan(5 * 1024 * 1024);
    const site = mini({ [ITEM]: item({}, body) });
    const result = runCli(['build'], { cwd: site });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readText(path.join(site, 'dist/news/x/index.html')).length).toBeGreaterThan(5 * 1024 * 1024);
  });

  const deep: [string, string, number][] = [
    ['10,000 nested block quotes', `${'>'.repeat(10_000)} deep`, 1],
    ['10,000 nested lists', `${'- '.repeat(10_000)}deep`, 1],
    ['10,000 nested ordered lists', `${'1. '.repeat(10_000)}deep`, 1],
    ['a list indented 10,000 levels line by line', Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(2 * i)}- level ${i}`).slice(0, 300).join('\n'), 101],
  ];
  for (const [name, body, bodyLine] of deep) {
    it(`refuses ${name} with a clear error naming the line, without a crash or a hang`, () => {
      const site = mini({ [ITEM]: item({}, `Intro.\n\n${body}`) });
      const result = runCli(['build'], { cwd: site });
      expect(result.code).toBe(1);
      // newsItem puts the body after six lines of front matter and a blank line.
      expect(result.stderr).toContain(`${ITEM}:${8 + 2 + bodyLine - 1}:1: error: Quotes or lists here are nested more than 100 levels deep.`);
      expect(result.stderr).not.toMatch(/\n\s+at |crashed/);
    });
  }

  it('reports 10,000 nested HTML elements, which overflow the renderer, as a problem of the file', () => {
    const site = mini({ [ITEM]: item({}, `Intro.\n\n${'<div>'.repeat(10_000)}x`) });
    const result = runCli(['build'], { cwd: site });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${ITEM}:8:1: error: The text of this item is nested too deeply to render`);
    expect(result.stderr).not.toMatch(/\n\s+at |crashed/);
  });

  it('builds nesting up to the limit', () => {
    const site = mini({ [ITEM]: item({}, `${'> '.repeat(100)}deep enough`) });
    const result = runCli(['build'], { cwd: site });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readText(path.join(site, 'dist/news/x/index.html')).split('<blockquote>').length - 1).toBe(100);
  });

  it('builds a 1,000-term vocabulary with an item tagged with every term', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `field-${String(i).padStart(4, '0')}`);
    const site = mini({
      'content/taxonomies/fields-of-work.yaml': `title: Fields of work\nterms:\n${ids.map((id) => `  - id: ${id}\n    name: Field ${id}\n`).join('')}`,
      [ITEM]: item({ fieldsOfWork: `[${ids.join(', ')}]` }),
    });
    const result = runCli(['build'], { cwd: site });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const page = readText(path.join(site, 'dist/news/x/index.html'));
    for (const id of [ids[0], ids[499], ids[999]]) {
      expect(page).toContain(`href="/fields-of-work/${id}/"`);
      expect(readText(path.join(site, `dist/fields-of-work/${id}/index.html`))).toContain('href="/news/x/"');
    }
  });

  it('builds a site with zero items', () => {
    const site = mini();
    const result = runCli(['build'], { cwd: site });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(exists(path.join(site, 'dist/index.html'))).toBe(true);
    expect(exists(path.join(site, 'dist/news/index.html'))).toBe(true);
    expect(exists(path.join(site, 'dist/news/atom.xml'))).toBe(true);
  });
});
