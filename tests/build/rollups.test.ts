import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, readText, removeDir, runCli, exists } from '../helpers/site.js';

let site: string;
const page = (p: string): string => readText(path.join(site, 'dist', p));
const listed = (p: string, slug: string): boolean => page(p).includes(`href="/news/${slug}/"`);

beforeAll(() => {
  site = copyFixture('rollups');
  const result = runCli(['build'], { cwd: site });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});
afterAll(() => removeDir(site));

describe('roll-ups through the structure tree and from field operations to countries', () => {
  it('lists an item on its issuer and on every ancestor of the issuer', () => {
    expect(listed('structures/operations-service/index.html', 'deep-issuer')).toBe(true);
    expect(listed('structures/conflict-prevention-centre/index.html', 'deep-issuer')).toBe(true);
    expect(listed('structures/secretariat/index.html', 'deep-issuer')).toBe(true);
    expect(listed('structures/parliamentary-assembly/index.html', 'deep-issuer')).toBe(false);
  });

  it('links a structure to its parent and children', () => {
    const cpc = page('structures/conflict-prevention-centre/index.html');
    expect(cpc).toMatch(/Part of:<\/dt><dd><a href="\/structures\/secretariat\/">Secretariat<\/a>/);
    expect(cpc).toContain('href="/structures/operations-service/"');
  });

  it('lists on a country page the items tagged with it and the items its field operations issued', () => {
    expect(listed('participating-states/moldova/index.html', 'tagged-moldova')).toBe(true);
    expect(listed('participating-states/moldova/index.html', 'moldova-mission')).toBe(true);
    expect(listed('participating-states/moldova/index.html', 'deep-issuer')).toBe(false);
    expect(page('participating-states/moldova/index.html')).toContain('href="/field-operations/mission-to-moldova/"');
    expect(page('field-operations/mission-to-moldova/index.html')).toContain('href="/participating-states/moldova/"');
  });

  it('gives every term a page, even with no items, and counts items on overviews', () => {
    expect(page('participating-states/ukraine/index.html')).toContain('There are no news items here yet.');
    expect(page('fields-of-work/index.html')).toMatch(/Policing<\/a>\s*<span class="count">\(2\)<\/span>/);
    expect(page('structures/index.html')).toMatch(/Secretariat<\/a>\s*<span class="count">\(1\)<\/span>/);
  });

  it('accepts a single id where a list is expected', () => {
    expect(listed('fields-of-work/policing/index.html', 'moldova-mission')).toBe(true);
  });

  it('resolves a link to another item\'s Markdown file to that item\'s URL', () => {
    expect(page('news/moldova-mission/index.html')).toContain('<a href="/news/deep-issuer/#top">the earlier report</a>');
  });

  it('lists related items, those sharing the most terms first', () => {
    const related = page('news/deep-issuer/index.html').split('id="related-heading"')[1] ?? '';
    expect(related).toContain('href="/news/moldova-mission/"');
  });

  it('writes year archives and links them from the news list', () => {
    for (const year of ['2020', '2021', '2022']) expect(exists(path.join(site, 'dist/news', year, 'index.html'))).toBe(true);
    expect(page('news/index.html')).toContain('href="/news/2021/"');
    expect(listed('news/2021/index.html', 'moldova-mission')).toBe(true);
    expect(listed('news/2021/index.html', 'tagged-moldova')).toBe(false);
  });
});
