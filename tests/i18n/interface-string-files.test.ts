import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/site.js';

/** The shipped interface-string files: adding one of the OSCE's languages is data only. */

const dir = path.join(repoRoot, 'templates/i18n');
const load = (code: string): Record<string, string> => parse(readFileSync(path.join(dir, `${code}.yaml`), 'utf8')) as Record<string, string>;
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

const english = load('en');

describe('interface-string files', () => {
  it('ships the six official languages of the OSCE', () => {
    expect(readdirSync(dir).sort()).toEqual(['de.yaml', 'en.yaml', 'es.yaml', 'fr.yaml', 'it.yaml', 'ru.yaml']);
  });

  for (const code of ['fr', 'de', 'it', 'ru', 'es']) {
    describe(code, () => {
      const strings = load(code);

      it('translates every key of en.yaml, and no other', () => {
        expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort());
      });

      it('keeps the placeholders of every string', () => {
        for (const [key, text] of Object.entries(english)) expect(placeholders(strings[key] ?? ''), `${code}: ${key}`).toEqual(placeholders(text));
      });

      it('gives every string as non-empty text that is not left in English', () => {
        // Words that are the same in both languages.
        const same = new Set(['menu', 'pagination', 'code', 'filter_type', 'page_number']);
        for (const [key, text] of Object.entries(strings)) {
          expect(typeof text, `${code}: ${key}`).toBe('string');
          expect(text.trim(), `${code}: ${key}`).not.toBe('');
          if (!same.has(key)) expect(text, `${code}: ${key}`).not.toBe(english[key]);
        }
      });

      it('ends labels with a colon where English does', () => {
        for (const [key, text] of Object.entries(english)) {
          if (text.endsWith(':')) expect(strings[key], `${code}: ${key}`).toMatch(/:$/);
        }
      });
    });
  }
});
