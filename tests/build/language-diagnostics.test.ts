import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newsItem, readText, removeDir, runCli, writeSite } from '../helpers/site.js';

const BILINGUAL = `title: Test
baseUrl: https://news.example.org/
languages:
  - { code: en, name: English, locale: en-GB }
  - { code: fr, name: Français, locale: fr-FR }
`;

const ORIGINAL = newsItem({ title: 'Original', fieldsOfWork: '[policing, elections]' });

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) removeDir(dir);
  dirs = [];
});

function site(files: Readonly<Record<string, string>>): string {
  const dir = writeSite(files);
  dirs.push(dir);
  return dir;
}

/** Diagnostic lines of a run, in the order printed. */
function diagnostics(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^\S+:\d+:\d+: (?:error|warning): /.test(line));
}

describe('translations', () => {
  it('warns from check, at the line of the key, when a translation tags differently from its original', () => {
    const dir = site({
      'content/site.yaml': BILINGUAL,
      'content/news/2016-09-13-patrol.md': ORIGINAL,
      'content/news/2016-09-13-patrol.fr.md': '---\ntitle: Original en français\nsummary: Résumé.\nfieldsOfWork: [policing]\ncountries: [ukraine]\n---\n\nCorps.\n',
    });
    const result = runCli(['check'], { cwd: dir });
    expect(diagnostics(result.stderr)).toEqual([
      `content/news/2016-09-13-patrol.fr.md:4:1: warning: This translation's fieldsOfWork (policing) differ from the original's (elections, policing). Remove the line to share the original's tags, or tag both files alike. [translation-tags-differ]`,
      `content/news/2016-09-13-patrol.fr.md:5:1: warning: This translation's countries (ukraine) differ from the original's (none). Remove the line to share the original's tags, or tag both files alike. [translation-tags-differ]`,
    ]);
    expect(result.code).toBe(0);
  });

  it('says nothing when a translation repeats its original’s tags in another order', () => {
    const dir = site({
      'content/site.yaml': BILINGUAL,
      'content/news/2016-09-13-patrol.md': ORIGINAL,
      'content/news/2016-09-13-patrol.fr.md': '---\ntitle: Titre\nsummary: Résumé.\nfieldsOfWork: [elections, policing]\nissuedBy: conflict-prevention-centre\n---\n\nCorps.\n',
    });
    const result = runCli(['check'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('No problems found.\n');
  });

  it('refuses a translation without an original', () => {
    const dir = site({
      'content/site.yaml': BILINGUAL,
      'content/news/2016-09-13-patrol.md': ORIGINAL,
      'content/news/2016-09-14-orphan.fr.md': '---\ntitle: Orphelin\nsummary: Résumé.\n---\n\nCorps.\n',
    });
    const result = runCli(['build'], { cwd: dir });
    expect(diagnostics(result.stderr)).toEqual([
      'content/news/2016-09-14-orphan.fr.md:1:1: error: This is a "fr" translation, but there is no original "2016-09-14-orphan.md" beside it. Add the original in the default language, or rename this file. [translation-without-original]',
    ]);
    expect(result.code).toBe(1);
  });

  it('names a language suffix the site does not have, and a suffix for the default language', () => {
    const dir = site({
      'content/site.yaml': BILINGUAL,
      'content/news/2016-09-13-patrol.md': ORIGINAL,
      'content/news/2016-09-13-patrol.de.md': '---\ntitle: Titel\nsummary: Zusammenfassung.\n---\n\nText.\n',
      'content/news/2016-09-15-other.en.md': newsItem({ title: 'Other' }),
    });
    const result = runCli(['check'], { cwd: dir });
    expect(diagnostics(result.stderr)).toEqual([
      'content/news/2016-09-13-patrol.de.md:1:1: error: The file name marks a "de" translation, but "de" is not a language of this site (site.yaml lists en, fr). Add "de" to "languages:" in site.yaml, or remove ".de" from the file name. [unknown-language]',
      'content/news/2016-09-15-other.en.md:1:1: error: "en" is the default language, whose files have no language suffix. Rename the file to "2016-09-15-other.md". [default-language-suffix]',
    ]);
    expect(result.code).toBe(1);
  });
});

describe('text given per language', () => {
  it('warns about a language code the site does not have, and about text without the default language', () => {
    const dir = site({
      'content/site.yaml': `${BILINGUAL}navigation:\n  - title: { en: Our work, fe: Nos activités }\n    vocabularies: [fields-of-work]\n`,
      'content/taxonomies/fields-of-work.yaml': 'title: { en: Fields of work, fr: Domaines d’activité }\nterms:\n  - id: policing\n    name: { fr: Activités de police }\n  - id: elections\n    name:\n      en: Elections\n      ru: Выборы\n',
      'content/taxonomies/structures.yaml': 'title: Structures\nterms:\n  - id: conflict-prevention-centre\n    name: Conflict Prevention Centre\n',
      'content/news/2016-09-13-patrol.md': newsItem({ fieldsOfWork: 'policing' }),
    });
    const result = runCli(['check'], { cwd: dir });
    expect(diagnostics(result.stderr)).toEqual([
      'content/site.yaml:7:28: warning: "fe" is not a language of this site (site.yaml lists en, fr), so this text is never shown. Correct the language code, or add "fe" to "languages:" in site.yaml. [unknown-language]',
      'content/taxonomies/fields-of-work.yaml:4:11: warning: There is no "en" text here, though "en" is the default language that the others fall back to. Add "en: …". [missing-default-language-text]',
      'content/taxonomies/fields-of-work.yaml:8:7: warning: "ru" is not a language of this site (site.yaml lists en, fr), so this text is never shown. Correct the language code, or add "ru" to "languages:" in site.yaml. [unknown-language]',
    ]);
    expect(result.code).toBe(0);
  });
});

describe('interface strings', () => {
  it('warns about each missing key, naming the file and the key, and uses the default language’s text', () => {
    const dir = site({ 'content/site.yaml': BILINGUAL, 'content/news/2016-09-13-patrol.md': ORIGINAL });
    const fr = path.join(dir, 'templates/i18n/fr.yaml');
    writeFileSync(fr, readFileSync(fr, 'utf8').replace(/^language: .*\n/m, '').replace(/^next: .*\n/m, ''));
    const result = runCli(['build'], { cwd: dir });
    expect(diagnostics(result.stderr)).toEqual([
      'templates/i18n/fr.yaml:1:1: warning: Interface string "language" is missing for "fr"; the en text is used. Add "language: …" to templates/i18n/fr.yaml. [missing-interface-string]',
      'templates/i18n/fr.yaml:1:1: warning: Interface string "next" is missing for "fr"; the en text is used. Add "next: …" to templates/i18n/fr.yaml. [missing-interface-string]',
    ]);
    expect(result.code).toBe(0);
    const home = readText(path.join(dir, 'dist/fr/index.html'));
    expect(home).toContain('<nav class="language-switch" aria-label="Language">');
    expect(home).toContain('<h2 id="latest">Dernières actualités</h2>');
  });

  it('warns when a language has no interface-strings file at all', () => {
    const dir = site({
      'content/site.yaml': `${BILINGUAL}  - { code: pl, name: Polski, locale: pl-PL }\n`,
      'content/news/2016-09-13-patrol.md': ORIGINAL,
    });
    const result = runCli(['check'], { cwd: dir });
    expect(diagnostics(result.stderr)).toEqual([
      `templates/i18n/pl.yaml:1:1: warning: There is no interface-strings file for "pl"; the default language's labels are used. Create templates/i18n/pl.yaml. [missing-interface-strings]`,
    ]);
    expect(result.code).toBe(0);
  });

  it('builds a site in all six OSCE languages with no warning, dates in each language’s form', () => {
    const languages = [
      ['en', 'English', 'en-GB'],
      ['fr', 'Français', 'fr-FR'],
      ['de', 'Deutsch', 'de-DE'],
      ['it', 'Italiano', 'it-IT'],
      ['ru', 'Русский', 'ru-RU'],
      ['es', 'Español', 'es-ES'],
    ] as const;
    const files: Record<string, string> = {
      'content/site.yaml': `title: Test\nbaseUrl: https://news.example.org/\nlanguages:\n${languages.map(([code, name, locale]) => `  - { code: ${code}, name: ${name}, locale: ${locale} }\n`).join('')}`,
      'content/news/2016-09-13-patrol.md': ORIGINAL,
    };
    for (const [code] of languages.slice(1)) files[`content/news/2016-09-13-patrol.${code}.md`] = `---\ntitle: Title ${code}\nsummary: Summary ${code}.\n---\n\nText.\n`;
    const dir = site(files);
    const result = runCli(['build'], { cwd: dir, env: { TZ: 'Pacific/Kiritimati' } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const expected = { en: '13 September 2016', fr: '13 septembre 2016', de: '13. September 2016', it: '13 settembre 2016', ru: '13 сентября 2016 г.', es: '13 de septiembre de 2016' };
    for (const [code, date] of Object.entries(expected)) {
      const prefix = code === 'en' ? '' : `${code}/`;
      const html = readText(path.join(dir, `dist/${prefix}news/patrol/index.html`));
      expect(html, code).toContain(`<html lang="${code}">`);
      expect(html, code).toContain(`<time datetime="2016-09-13">${date}</time>`);
      expect(html.match(/<link rel="alternate" hreflang=/g), code).toHaveLength(7);
    }
  });
});
