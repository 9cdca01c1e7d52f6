import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, readTree, removeDir, runCli } from '../helpers/site.js';
import { validateSitemap } from '../helpers/sitemap-schema.js';

/**
 * The bilingual (en + fr) and trilingual (en + fr + ru) fixture sites, built
 * end to end by the CLI under extreme time zones, then walked page by page.
 */

const ORIGIN = 'https://news.example.org';

interface Built {
  readonly dir: string;
  readonly tree: Map<string, Buffer>;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function buildFixture(name: string, timeZone: string): Built {
  const dir = copyFixture(name);
  const result = runCli(['build'], { cwd: dir, env: { TZ: timeZone } });
  return { dir, tree: readTree(path.join(dir, 'dist')), ...result };
}

/** `/fr/news/x/` or `https://…/fr/news/x/` → `fr/news/x/index.html`. */
function fileOf(href: string): string {
  const sitePath = href.startsWith(ORIGIN) ? href.slice(ORIGIN.length) : href;
  const relative = sitePath.replace(/^\//, '');
  return relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative;
}

/** `fr/news/x/index.html` → `/fr/news/x/`. */
function sitePathOf(file: string): string {
  return `/${file.replace(/index\.html$/, '')}`;
}

function languageOfFile(file: string, codes: readonly string[]): string {
  const first = file.split('/')[0] ?? '';
  return codes.includes(first) && first !== codes[0] ? first : (codes[0] ?? 'en');
}

function htmlLang(html: string): string | undefined {
  return /<html lang="([^"]+)">/.exec(html)?.[1];
}

function hreflangLinks(html: string): { hreflang: string; href: string }[] {
  return [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => ({ hreflang: m[1] ?? '', href: m[2] ?? '' }));
}

interface SwitchEntry {
  readonly code: string;
  readonly current: boolean;
  readonly href: string;
  readonly note: string;
}

function languageSwitch(html: string): SwitchEntry[] | null {
  const nav = /<nav class="language-switch"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1];
  if (nav === undefined) return null;
  return [...nav.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => {
    const li = m[1] ?? '';
    const current = /<span aria-current="true" lang="([^"]+)">/.exec(li);
    if (current) return { code: current[1] ?? '', current: true, href: '', note: '' };
    const link = /<a href="([^"]+)" hreflang="([^"]+)" lang="[^"]+">[^<]*<\/a>(?: <small>\(([^)]*)\)<\/small>)?/.exec(li);
    return { code: link?.[2] ?? '', current: false, href: link?.[1] ?? '', note: link?.[3] ?? '' };
  });
}

/** Links to item pages in the main content (cards), as site paths. */
function itemLinksInMain(html: string): string[] {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
  return [...main.matchAll(/class="item-card__title"><a href="([^"]+)"/g)].map((m) => m[1] ?? '');
}

const htmlFiles = (tree: Map<string, Buffer>): [string, string][] =>
  [...tree].filter(([file]) => file.endsWith('.html')).map(([file, bytes]) => [file, bytes.toString('utf8')]);

function page(built: Built, file: string): string {
  const bytes = built.tree.get(file);
  if (!bytes) throw new Error(`${file} was not written`);
  return bytes.toString('utf8');
}

/** The checks every multilingual site must pass, page by page. */
function describeLinkedLanguages(label: string, get: () => Built, codes: readonly string[], missingNote: Readonly<Record<string, string>>): void {
  describe(`${label}: every page and its translations`, () => {
    it('builds without a diagnostic', () => {
      const built = get();
      expect(built.stderr).toBe('');
      expect(built.code).toBe(0);
    });

    it('gives every page the <html lang> of its URL prefix', () => {
      for (const [file, html] of htmlFiles(get().tree)) expect(htmlLang(html), file).toBe(languageOfFile(file, codes));
    });

    it('has a sitemap valid against the sitemaps.org schema with its xhtml:link alternates declared', async () => {
      const sitemap = page(get(), 'sitemap.xml');
      expect(sitemap).toContain('<xhtml:link rel="alternate" hreflang="x-default"');
      expect(await validateSitemap(sitemap)).toEqual({ valid: true, errors: [] });
      // The schema does check the alternates: a language code with a space in it is refused.
      const broken = sitemap.replace(/hreflang="fr"/, 'hreflang="fr ch"');
      expect(broken).not.toBe(sitemap);
      expect((await validateSitemap(broken)).valid).toBe(false);
    });

    it('lists in the sitemap, for every page in several languages, the same alternates as its <head>', () => {
      const built = get();
      const sitemap = page(built, 'sitemap.xml');
      expect(sitemap).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
      const sitemapLinks = new Map(
        [...sitemap.matchAll(/<url><loc>([^<]+)<\/loc>(?:<lastmod>[^<]*<\/lastmod>)?((?:<xhtml:link [^>]*\/>)*)<\/url>/g)].map((m) => [
          m[1] ?? '',
          [...(m[2] ?? '').matchAll(/hreflang="([^"]+)" href="([^"]+)"/g)].map((l) => ({ hreflang: l[1] ?? '', href: l[2] ?? '' })),
        ]),
      );
      let compared = 0;
      for (const [file, html] of htmlFiles(built.tree)) {
        const links = hreflangLinks(html);
        const self = `${ORIGIN}${sitePathOf(file)}`;
        if (!sitemapLinks.has(self)) continue;
        expect(sitemapLinks.get(self), file).toEqual(links);
        if (links.length > 0) compared += 1;
      }
      expect(compared).toBeGreaterThan(5);
    });

    it('points every hreflang at a page that exists, is in that language and links back', () => {
      const built = get();
      let checked = 0;
      for (const [file, html] of htmlFiles(built.tree)) {
        const links = hreflangLinks(html);
        if (links.length === 0) continue;
        const lang = languageOfFile(file, codes);
        const self = `${ORIGIN}${sitePathOf(file)}`;
        expect(links, `${file} names itself`).toContainEqual({ hreflang: lang, href: self });
        const defaultLink = links.find((l) => l.hreflang === codes[0]);
        expect(defaultLink, `${file} has a default-language version`).toBeDefined();
        expect(links.filter((l) => l.hreflang === 'x-default'), `${file} x-default`).toEqual([{ hreflang: 'x-default', href: defaultLink?.href }]);
        for (const link of links) {
          const targetFile = fileOf(link.href);
          const target = built.tree.get(targetFile)?.toString('utf8');
          expect(target, `${file} → ${link.href}`).toBeDefined();
          if (link.hreflang === 'x-default' || target === undefined) continue;
          expect(htmlLang(target), `${file} → ${link.href}`).toBe(link.hreflang);
          // Both ways: the target lists exactly the same set of versions.
          expect(hreflangLinks(target), `${targetFile} links back to ${file}`).toEqual(links);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(50);
    });

    it('links every page to the same path in each other language that has it', () => {
      const built = get();
      let required = 0;
      for (const [file, html] of htmlFiles(built.tree)) {
        if (html.includes('http-equiv="refresh"')) continue;
        const lang = languageOfFile(file, codes);
        const unprefixed = lang === codes[0] ? file : file.slice(lang.length + 1);
        const links = new Map(hreflangLinks(html).map((l) => [l.hreflang, l.href]));
        const counterparts = codes
          .map((other) => ({ other, counterpart: other === codes[0] ? unprefixed : `${other}/${unprefixed}` }))
          .filter(({ counterpart }) => built.tree.has(counterpart));
        // A page alone in its language needs no hreflang at all.
        if (counterparts.length === 1 && links.size === 0) continue;
        for (const { other, counterpart } of counterparts) {
          expect(links.get(other), `${file} → ${other}`).toBe(`${ORIGIN}${sitePathOf(counterpart)}`);
          required += 1;
        }
      }
      expect(required).toBeGreaterThan(50);
    });

    it('has a language switcher on every page that leads to the same page, or says the item is not translated', () => {
      const built = get();
      for (const [file, html] of htmlFiles(built.tree)) {
        const lang = languageOfFile(file, codes);
        const entries = languageSwitch(html);
        expect(entries?.map((e) => e.code), file).toEqual(codes);
        const alternates = new Map(hreflangLinks(html).map((l) => [l.hreflang, l.href]));
        for (const entry of entries ?? []) {
          if (entry.code === lang) {
            expect(entry.current, `${file} marks ${lang} current`).toBe(true);
            continue;
          }
          const alternate = alternates.get(entry.code);
          const isItem = /^(?:[a-z]{2}\/)?news\/[a-z][a-z0-9-]*\/index\.html$/.test(file);
          if (alternate) {
            expect(`${ORIGIN}${entry.href}`, `${file} switch to ${entry.code}`).toBe(alternate);
            expect(entry.note, file).toBe('');
          } else if (isItem) {
            expect(entry.href, `${file} switch to ${entry.code}`).toBe(entry.code === codes[0] ? '/news/' : `/${entry.code}/news/`);
            expect(entry.note, file).toBe(missingNote[lang]);
          } else {
            expect(entry.note, file).toBe('');
            expect(built.tree.has(fileOf(entry.href)), `${file} switch to ${entry.href}`).toBe(true);
            expect(languageOfFile(fileOf(entry.href), codes), `${file} switch to ${entry.href}`).toBe(entry.code);
          }
        }
      }
    });

    it('lists on every list page only the items of its own language', () => {
      let lists = 0;
      for (const [file, html] of htmlFiles(get().tree)) {
        const links = itemLinksInMain(html);
        if (links.length > 0) lists += 1;
        for (const link of links) expect(languageOfFile(fileOf(link), codes), `${file} lists ${link}`).toBe(languageOfFile(file, codes));
      }
      expect(lists).toBeGreaterThan(20);
    });

    it('writes per-language Atom feeds with only that language’s entries', () => {
      const built = get();
      for (const lang of codes) {
        const prefix = lang === codes[0] ? '' : `${lang}/`;
        for (const feedFile of [`${prefix}news/atom.xml`, `${prefix}fields-of-work/policing/atom.xml`, `${prefix}structures/secretariat/atom.xml`]) {
          const feed = page(built, feedFile);
          expect(feed, feedFile).toContain(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">`);
          const entries = [...feed.matchAll(/<entry>[\s\S]*?<id>([^<]+)<\/id>/g)].map((m) => m[1] ?? '');
          expect(entries.length, feedFile).toBeGreaterThan(0);
          for (const id of entries) expect(languageOfFile(fileOf(id), codes), `${feedFile}: ${id}`).toBe(lang);
        }
      }
    });

    it('writes a search page, overviews and term pages per language', () => {
      const built = get();
      for (const lang of codes) {
        const prefix = lang === codes[0] ? '' : `${lang}/`;
        for (const file of ['index.html', 'search/index.html', '404.html', 'news/index.html', 'news/2016/index.html', 'fields-of-work/index.html', 'fields-of-work/policing/index.html', 'fields-of-work/migration/index.html', 'structures/index.html', 'structures/conflict-prevention-centre/index.html', 'participating-states/moldova/index.html', 'field-operations/mission-to-moldova/index.html']) {
          expect(built.tree.has(`${prefix}${file}`), `${prefix}${file}`).toBe(true);
        }
      }
      expect([...built.tree.keys()].filter((f) => f.startsWith('en/'))).toEqual([]);
    });
  });
}

describe('languages', () => {
  let two: Built;
  let three: Built;
  let threeElsewhere: Built;

  beforeAll(() => {
    // UTC+14 and UTC−11: a date parsed or printed in local time would move a day.
    two = buildFixture('languages-two', 'Pacific/Pago_Pago');
    three = buildFixture('languages-three', 'Pacific/Kiritimati');
    threeElsewhere = buildFixture('languages-three', 'Pacific/Pago_Pago');
  });
  afterAll(() => {
    for (const built of [two, three, threeElsewhere]) if (built) removeDir(built.dir);
  });

  describeLinkedLanguages('en + fr', () => two, ['en', 'fr'], { en: 'not translated', fr: 'non traduit' });
  describeLinkedLanguages('en + fr + ru', () => three, ['en', 'fr', 'ru'], { en: 'not translated', fr: 'non traduit', ru: 'нет перевода' });

  describe('items and their translations', () => {
    it('links an item translated into every language to all of them, with x-default on English', () => {
      for (const file of ['news/patrol-police/index.html', 'fr/news/patrol-police/index.html', 'ru/news/patrol-police/index.html']) {
        expect(hreflangLinks(page(three, file)), file).toEqual([
          { hreflang: 'en', href: `${ORIGIN}/news/patrol-police/` },
          { hreflang: 'fr', href: `${ORIGIN}/fr/news/patrol-police/` },
          { hreflang: 'ru', href: `${ORIGIN}/ru/news/patrol-police/` },
          { hreflang: 'x-default', href: `${ORIGIN}/news/patrol-police/` },
        ]);
      }
    });

    it('links a partly translated item only to the languages it exists in', () => {
      expect(hreflangLinks(page(three, 'ru/news/migration-conference/index.html')).map((l) => l.hreflang)).toEqual(['en', 'ru', 'x-default']);
      expect(three.tree.has('fr/news/migration-conference/index.html')).toBe(false);
      expect(hreflangLinks(page(three, 'fr/news/election-observers/index.html')).map((l) => l.hreflang)).toEqual(['en', 'fr', 'x-default']);
      expect(three.tree.has('ru/news/election-observers/index.html')).toBe(false);
    });

    it('gives an untranslated item no hreflang, and a switcher that says so in the page’s language', () => {
      const html = page(three, 'news/border-seminar/index.html');
      expect(html).not.toContain('hreflang="x-default"');
      expect(html).toContain('<li><a href="/fr/news/" hreflang="fr" lang="fr">Français</a> <small>(not translated)</small></li>');
      expect(html).toContain('<li><a href="/ru/news/" hreflang="ru" lang="ru">Русский</a> <small>(not translated)</small></li>');
      const russian = page(three, 'ru/news/migration-conference/index.html');
      expect(russian).toContain('<li><a href="/fr/news/" hreflang="fr" lang="fr">Français</a> <small>(нет перевода)</small></li>');
      expect(russian).toContain('<li><a href="/news/migration-conference/" hreflang="en" lang="en">English</a></li>');
    });

    it('links a translation with a slug of its own like any other', () => {
      const links = [
        { hreflang: 'en', href: `${ORIGIN}/news/election-observers/` },
        { hreflang: 'fr', href: `${ORIGIN}/fr/news/observateurs-electoraux/` },
        { hreflang: 'x-default', href: `${ORIGIN}/news/election-observers/` },
      ];
      expect(hreflangLinks(page(two, 'news/election-observers/index.html'))).toEqual(links);
      expect(hreflangLinks(page(two, 'fr/news/observateurs-electoraux/index.html'))).toEqual(links);
      expect(two.tree.has('fr/news/election-observers/index.html')).toBe(false);
    });

    it('keeps old addresses as redirects in the language of the page they lead to', () => {
      expect(page(three, 'old/patrol-police/index.html')).toContain('<meta http-equiv="refresh" content="0; url=/news/patrol-police/">');
      for (const prefix of ['', 'fr/', 'ru/']) {
        const html = page(three, `${prefix}fields-of-work/police/index.html`);
        expect(html, prefix).toContain(`<meta http-equiv="refresh" content="0; url=/${prefix}fields-of-work/policing/">`);
      }
      // Each says so in its own language, naming the term as its language does (no English, no ids).
      expect(page(three, 'fields-of-work/police/index.html')).toContain('<p>This page has moved to: <a href="/fields-of-work/policing/">Policing</a></p>');
      expect(page(three, 'fr/fields-of-work/police/index.html')).toContain('<p>Elle se trouve désormais à l’adresse\u00a0: <a href="/fr/fields-of-work/policing/">Activités de police</a></p>');
      expect(page(three, 'ru/fields-of-work/police/index.html')).toContain('<p>Новый адрес страницы: <a href="/ru/fields-of-work/policing/">Деятельность полиции</a></p>');
      expect(page(three, 'old/patrol-police/index.html')).toContain('<a href="/news/patrol-police/">');
      // A translation does not inherit the original's old addresses.
      expect(three.tree.has('fr/old/patrol-police/index.html')).toBe(false);
    });

    it('inherits date, issuer and tags from the original', () => {
      const html = page(three, 'ru/news/patrol-police/index.html');
      expect(html).toContain('<h1>Украинская патрульная полиция повышает квалификацию при поддержке ОБСЕ</h1>');
      expect(html).toContain('<a href="/ru/fields-of-work/policing/">Деятельность полиции</a>');
      expect(html).toContain('<a href="/ru/participating-states/ukraine/">Украина</a>');
    });
  });

  describe('dates', () => {
    it('prints the same calendar date in each language’s own form, whatever the time zone', () => {
      expect(page(three, 'news/patrol-police/index.html')).toContain('<time datetime="2016-09-13">13 September 2016</time>');
      expect(page(three, 'fr/news/patrol-police/index.html')).toContain('<time datetime="2016-09-13">13 septembre 2016</time>');
      expect(page(three, 'ru/news/patrol-police/index.html')).toContain('<time datetime="2016-09-13">13 сентября 2016 г.</time>');
      expect(page(two, 'fr/news/patrol-police/index.html')).toContain('<time datetime="2016-09-13">13 septembre 2016</time>');
    });

    it('writes byte-identical sites under UTC+14 and UTC−11', () => {
      expect([...threeElsewhere.tree.keys()]).toEqual([...three.tree.keys()]);
      for (const [file, bytes] of three.tree) expect(threeElsewhere.tree.get(file)?.equals(bytes), file).toBe(true);
    });
  });

  describe('lists per language', () => {
    it('paginates each language by its own number of items, and links matching page numbers', () => {
      // pageSize 2: English 5 items, French 2, Russian 3. Behind the first page (the newest two), English has
      // page 1 (its oldest two) and page 2 (the one between), Russian page 1 (its oldest), French nothing.
      for (const file of ['news/index.html', 'news/page/1/index.html', 'news/page/2/index.html', 'fr/news/index.html', 'ru/news/index.html', 'ru/news/page/1/index.html']) {
        expect(three.tree.has(file), file).toBe(true);
      }
      for (const file of ['fr/news/page/1/index.html', 'ru/news/page/2/index.html', 'news/page/3/index.html']) expect(three.tree.has(file), file).toBe(false);
      expect(hreflangLinks(page(three, 'news/page/1/index.html')).map((l) => l.href)).toEqual([`${ORIGIN}/news/page/1/`, `${ORIGIN}/ru/news/page/1/`, `${ORIGIN}/news/page/1/`]);
      expect(hreflangLinks(page(three, 'news/page/2/index.html'))).toEqual([]);
    });

    it('leads the switcher of a page another language lacks to that language’s first page of the same list', () => {
      const third = languageSwitch(page(three, 'news/page/2/index.html'));
      expect(third).toContainEqual({ code: 'fr', current: false, href: '/fr/news/', note: '' });
      expect(third).toContainEqual({ code: 'ru', current: false, href: '/ru/news/', note: '' });
      // The Secretariat has 3 English items (2 pages) but 1 French one.
      expect(languageSwitch(page(two, 'structures/secretariat/page/1/index.html'))).toContainEqual({ code: 'fr', current: false, href: '/fr/structures/secretariat/', note: '' });
      // No French item is from 2017, so the French news list it is.
      expect(languageSwitch(page(three, 'news/2017/index.html'))).toContainEqual({ code: 'fr', current: false, href: '/fr/news/', note: '' });
      expect(languageSwitch(page(three, 'news/2017/index.html'))).toContainEqual({ code: 'ru', current: false, href: '/ru/news/2017/', note: '' });
    });

    it('has year archives per language for the years that language has items in', () => {
      for (const file of ['news/2016/index.html', 'news/2016/page/1/index.html', 'news/2017/index.html', 'fr/news/2016/index.html', 'ru/news/2016/index.html', 'ru/news/2017/index.html']) {
        expect(three.tree.has(file), file).toBe(true);
      }
      expect(three.tree.has('fr/news/2017/index.html')).toBe(false);
      expect(itemLinksInMain(page(three, 'ru/news/2016/index.html'))).toEqual(['/ru/news/migration-conference/', '/ru/news/patrol-police/']);
    });

    it('lists on term pages the items available in that language, roll-ups included', () => {
      expect(itemLinksInMain(page(three, 'fields-of-work/policing/index.html'))).toEqual(['/news/police-academy/', '/news/patrol-police/']);
      expect(itemLinksInMain(page(three, 'fr/fields-of-work/policing/index.html'))).toEqual(['/fr/news/patrol-police/']);
      expect(itemLinksInMain(page(three, 'ru/fields-of-work/policing/index.html'))).toEqual(['/ru/news/police-academy/', '/ru/news/patrol-police/']);
      // The Conflict Prevention Centre's items roll up to the Secretariat.
      expect(itemLinksInMain(page(three, 'ru/structures/secretariat/index.html'))).toEqual(['/ru/news/police-academy/', '/ru/news/migration-conference/']);
      expect(itemLinksInMain(page(three, 'ru/structures/secretariat/page/1/index.html'))).toEqual(['/ru/news/patrol-police/']);
      expect(page(three, 'fr/fields-of-work/migration/index.html')).toContain('<p class="empty">Il n’y a pas encore d’actualité ici.</p>');
    });

    it('counts items per language on the overview', () => {
      expect(page(three, 'fields-of-work/index.html')).toMatch(/>Policing<\/a>\s*<span class="count">\(2\)<\/span>/);
      expect(page(three, 'fr/fields-of-work/index.html')).toMatch(/>Activités de police<\/a>\s*<span class="count">\(1\)<\/span>/);
      expect(page(three, 'ru/fields-of-work/index.html')).toMatch(/>Деятельность полиции<\/a>\s*<span class="count">\(2\)<\/span>/);
    });
  });

  describe('names that fall back to the default language', () => {
    it('marks a term name without a translation with lang="en" wherever it appears', () => {
      const term = page(three, 'ru/structures/conflict-prevention-centre/index.html');
      expect(term).toContain('<h1 lang="en">Conflict Prevention Centre</h1>');
      expect(term).toContain('<li aria-current="page" lang="en">Conflict Prevention Centre</li>');
      expect(page(three, 'ru/news/patrol-police/index.html')).toContain('<a href="/ru/structures/conflict-prevention-centre/" lang="en">Conflict Prevention Centre</a>');
      expect(page(three, 'ru/news/page/1/index.html')).toContain('<span lang="en">Conflict Prevention Centre</span>');
      expect(page(three, 'ru/fields-of-work/index.html')).toContain('<a href="/ru/fields-of-work/border-management/" lang="en">Border management</a>');
    });

    it('does not mark a name given in the page’s language or given once for all', () => {
      expect(page(three, 'fr/structures/conflict-prevention-centre/index.html')).toContain('<h1>Centre de prévention des conflits</h1>');
      expect(page(three, 'fr/fields-of-work/border-management/index.html')).toContain('<h1>Gestion des frontières</h1>');
      expect(page(three, 'ru/fields-of-work/migration/index.html')).toContain('<h1>Migration</h1>');
    });

    it('marks a fallback description and vocabulary title too, in the navigation as well', () => {
      const term = page(two, 'fr/fields-of-work/border-management/index.html');
      expect(term).toContain('<h1 lang="en">Border management</h1>');
      expect(term).toContain('<p class="lead" lang="en">Borders that are open and secure.</p>');
      expect(page(two, 'fr/field-operations/index.html')).toContain('<h1 lang="en">Field operations</h1>');
      expect(page(two, 'fr/index.html')).toContain('<summary lang="en">Field operations</summary>');
      expect(page(two, 'fr/index.html')).toContain('<summary>Domaines d’activité</summary>');
    });

    it('falls back in feeds the same way', () => {
      expect(page(three, 'ru/structures/secretariat/atom.xml')).toContain('<name>Секретариат</name>');
      expect(page(three, 'ru/news/atom.xml')).toMatch(/<entry>[\s\S]*<name>Conflict Prevention Centre<\/name>/);
      expect(page(two, 'fr/news/atom.xml')).toContain('<category label="Border management" term="border-management"/>');
    });
  });

  describe('interface strings', () => {
    it('labels pages in their own language', () => {
      expect(page(three, 'fr/news/patrol-police/index.html')).toContain('<dt>Date de publication\u00a0:</dt>');
      expect(page(three, 'ru/news/page/1/index.html')).toContain('<p>Страница 1</p>');
      expect(page(three, 'ru/news/2017/index.html')).toContain('<h1>Новости за 2017 год</h1>');
      expect(page(three, 'fr/search/index.html')).toContain('<h1>Rechercher</h1>');
    });

    it('points the search page of every language at the one Pagefind bundle', () => {
      for (const file of ['search/index.html', 'fr/search/index.html', 'ru/search/index.html']) {
        expect(page(three, file), file).toContain('<script src="/pagefind/pagefind-ui.js" defer></script>');
      }
    });
  });
});
