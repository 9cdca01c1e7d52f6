import fc from 'fast-check';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { removeDir } from '../helpers/site.js';
import { putFile, writeMiniSite } from '../helpers/mini-site.js';

const ITEM = 'content/news/2016-09-13-random.md';
let site: string;
beforeAll(() => {
  site = writeMiniSite();
});
afterAll(() => removeDir(site));

async function buildItem(text: string): Promise<BuildResult> {
  rmSync(path.join(site, 'content/news'), { recursive: true, force: true });
  putFile(site, ITEM, text);
  return build({ cwd: site, buildDate: '2026-01-15', write: false });
}

/** Either the build succeeded, or every error is a diagnostic naming the item file with a real position. */
function expectReportedProblems(result: BuildResult): void {
  if (result.ok) return;
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(error.file).toBe(ITEM);
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.column).toBeGreaterThanOrEqual(1);
    expect(error.message).not.toMatch(/^Error:|\n\s+at /);
  }
}

const KEYS = ['title', 'date', 'summary', 'type', 'issuedBy', 'fieldsOfWork', 'countries', 'meetings', 'slug', 'draft', 'aliases', '__proto__', 'constructor', 'prototype', 'toString'];
const yamlKey = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 }));
const yamlValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('NO', 'yes', 'on', '0x1F', '1e3', '2016-09-13', '2016-02-30', '~', '', 'secretariat', '!!js/function "x"', '*alias', '&anchor x'),
  fc.date({ noInvalidDate: true }),
);
/** Front matter as a YAML text: a random mapping serialized, or random YAML-ish characters. */
const frontMatter = fc.oneof(
  fc.dictionary(yamlKey, yamlValue, { maxKeys: 8 }).map((data) => stringify({ title: 'T', date: '2016-09-13', summary: 'S', issuedBy: 'secretariat', ...data })),
  fc.dictionary(yamlKey, yamlValue, { maxKeys: 8 }).map((data) => stringify(data)),
  fc.array(fc.constantFrom('title', ':', ' ', '\n', '  ', '- ', '[', ']', '{', '}', '"', "'", '!', '&a', '*a', '<<', '#', '|', '>', '%', '@', '`', '\t', '2016-09-13', '__proto__', 'é', '\u0000'), { maxLength: 60 }).map((parts) => parts.join('')),
);
const MARKDOWN_TOKENS = ['*', '**', '_', '[', ']', '(', ')', '<', '>', '> ', '#', '`', '```', '\n', '\n\n', ' ', '    ', '- ', '1. ', '|', '!', 'a', 'word', '&', '&amp;', ':', '\\', 'http://x', '<div>', '</div>', '<script>', '<!--', '-->', '[x]: /y', '](x.md)', '](../a.md#b)', '<iframe src=x>', '\u00e9', '\u200b', '\ud83d\ude00', '---', '===', '~~~', '$$', '{{', '}}', '{%', '%}'];
const markdown = fc.array(fc.constantFrom(...MARKDOWN_TOKENS), { maxLength: 200 }).map((parts) => parts.join(''));

describe('random input', () => {
  it('random front matter never makes build() throw; problems name the file', async () => {
    await fc.assert(
      fc.asyncProperty(frontMatter, async (yaml) => {
        expectReportedProblems(await buildItem(`---\n${yaml}\n---\n\nBody.\n`));
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: 150, seed: 20160913 },
    );
  });

  it('random Markdown never makes build() throw; problems name the file', async () => {
    await fc.assert(
      fc.asyncProperty(markdown, async (body) => {
        expectReportedProblems(await buildItem(`---\ntitle: T\ndate: 2016-09-13\nsummary: S\nissuedBy: secretariat\n---\n\n${body}\n`));
      }),
      { numRuns: 150, seed: 20160913 },
    );
  });
});
