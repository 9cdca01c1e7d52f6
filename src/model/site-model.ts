import type { DiagnosticSink } from '../diagnostics.js';
import type { LocatedYaml } from '../parse/yaml-document.js';
import { didYouMean, suggest } from '../suggest.js';
import { relatedItems } from './related.js';
import { COUNTRY_VOCABULARIES } from './tag-fields.js';
import type { Item, Page, Pagination, RedirectTarget, SiteConfig, SiteModel, Term, Vocabulary } from './types.js';
import {
  homePath,
  languagePrefix,
  newsPath,
  notFoundPath,
  paginatedPath,
  searchPath,
  termPath,
  vocabularyPath,
  yearPath,
} from './urls.js';
import { ancestorsOf } from './vocabularies.js';

export interface ModelOptions {
  readonly includeDrafts: boolean;
  readonly includeFuture: boolean;
  /** `YYYY-MM-DD`; items dated after it are scheduled. */
  readonly buildDate: string;
}

export interface ModelInput {
  readonly config: SiteConfig;
  readonly configYaml: LocatedYaml | null;
  readonly configFile: string;
  readonly vocabularies: readonly Vocabulary[];
  readonly items: readonly Item[];
}

const HOME_ITEM_COUNT = 10;

/** Newest first; ties broken by title then key so the order never depends on the file system. */
export function compareItems(a: Item, b: Item): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  if (a.title !== b.title) return a.title < b.title ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Builds the complete site graph before anything renders: published items per
 * language, term roll-ups, related items and every page with its pagination.
 */
export function buildSiteModel(input: ModelInput, options: ModelOptions, sink: DiagnosticSink): SiteModel {
  const { config } = input;
  const vocabularyById = new Map(input.vocabularies.map((v) => [v.id, v]));
  checkNavigation(input, vocabularyById, sink);
  const chairpersonship = resolveChairpersonship(input, vocabularyById, options.buildDate, sink);

  const published = input.items.filter(
    (item) => (options.includeDrafts || !item.draft) && (options.includeFuture || item.date <= options.buildDate),
  );
  const translations = new Map<string, Map<string, Item>>();
  for (const item of published) {
    const byLanguage = translations.get(item.key) ?? new Map<string, Item>();
    byLanguage.set(item.lang, item);
    translations.set(item.key, byLanguage);
  }

  const operationsByCountry = new Map<string, Term[]>();
  for (const vocabulary of input.vocabularies) {
    for (const term of vocabulary.terms) {
      if (!term.country) continue;
      operationsByCountry.set(term.country.key, [...(operationsByCountry.get(term.country.key) ?? []), term]);
    }
  }

  const itemsByLanguage = new Map<string, Item[]>();
  const termItems = new Map<string, Map<string, Item[]>>();
  for (const language of config.languages) {
    const items = published.filter((item) => item.lang === language.code).sort(compareItems);
    itemsByLanguage.set(language.code, items);
    const byTerm = new Map<string, Item[]>();
    for (const item of items) {
      for (const key of termKeysTouchedBy(item, vocabularyById)) {
        const list = byTerm.get(key);
        if (list) list.push(item);
        else byTerm.set(key, [item]);
      }
    }
    termItems.set(language.code, byTerm);
  }

  const pages: Page[] = [];
  for (const language of config.languages) {
    const lang = language.code;
    const prefix = languagePrefix(lang, config.defaultLanguage);
    const base = config.basePath;
    const items = itemsByLanguage.get(lang) ?? [];
    const byTerm = termItems.get(lang) ?? new Map<string, Item[]>();
    const years = [...new Set(items.map((i) => i.year))];

    pages.push({ kind: 'home', lang, path: homePath(base, prefix), items: items.slice(0, HOME_ITEM_COUNT), alternates: [] });
    for (const { path, slice, pagination } of paginate(items, newsPath(base, prefix), config.pageSize)) {
      pages.push({ kind: 'news', lang, path, items: slice, pagination, years, alternates: [] });
    }
    for (const year of years) {
      const inYear = items.filter((i) => i.year === year);
      for (const { path, slice, pagination } of paginate(inYear, yearPath(base, prefix, year), config.pageSize)) {
        pages.push({ kind: 'year', lang, year, path, items: slice, pagination, years, alternates: [] });
      }
    }
    const related = relatedItems(items);
    for (const item of items) {
      pages.push({ kind: 'item', lang, path: item.path, item, related: related.get(item) ?? [], alternates: [] });
    }
    for (const vocabulary of input.vocabularies) {
      const counts = new Map(vocabulary.terms.map((t) => [t.id, byTerm.get(t.key)?.length ?? 0]));
      pages.push({ kind: 'vocabulary', lang, path: vocabularyPath(base, prefix, vocabulary.id), vocabulary, counts, alternates: [] });
      for (const term of vocabulary.terms) {
        const listed = byTerm.get(term.key) ?? [];
        for (const { path, slice, pagination } of paginate(listed, termPath(base, prefix, vocabulary.id, term.id), config.pageSize)) {
          pages.push({ kind: 'term', lang, path, vocabulary, term, items: slice, pagination, alternates: [] });
        }
      }
    }
    pages.push({ kind: 'search', lang, path: searchPath(base, prefix), alternates: [] });
    pages.push({ kind: 'not-found', lang, path: notFoundPath(base, prefix), alternates: [] });
  }
  addRedirects(pages, input, published, config, sink);
  linkAlternates(pages, config);

  return {
    config,
    vocabularies: input.vocabularies,
    vocabularyById,
    itemsByLanguage,
    termItems,
    operationsByCountry,
    translations,
    pages,
    buildDate: options.buildDate,
    chairpersonship,
  };
}

/**
 * The terms whose pages list an item: its own tags, every ancestor of them
 * (an item of the Conflict Prevention Centre is also the Secretariat's), and
 * the host country of a field operation that issued it.
 */
export function termKeysTouchedBy(item: Item, vocabularies: ReadonlyMap<string, Vocabulary>): Set<string> {
  const keys = new Set<string>();
  const addWithAncestors = (term: Term): void => {
    keys.add(term.key);
    const vocabulary = vocabularies.get(term.vocabulary);
    if (vocabulary) for (const ancestor of ancestorsOf(term, vocabulary)) keys.add(ancestor.key);
  };
  for (const term of [item.issuedBy, ...item.fieldsOfWork, ...item.countries, ...item.meetings]) addWithAncestors(term);
  if (item.issuedBy.country) addWithAncestors(item.issuedBy.country);
  return keys;
}

/**
 * Splits a newest-first list into its first page, the newest `pageSize` items,
 * and the numbered pages behind it, counted from the oldest: page 1 holds the
 * oldest `pageSize` items, and the highest number the newest of the rest,
 * possibly fewer. A new item changes the first page and the newest numbered
 * one (which gains the item the first page lets go), and every other page
 * keeps its items, its address and its bytes. Numbering from the newest, as
 * blogs do, would shift every page of the series by one item on each
 * publish: 500 news pages and every page of the new item's terms rebuilt,
 * re-uploaded and re-crawled, and a link to "page 37" showing other items
 * than the ones it was shared for.
 */
export function paginate<T>(newestFirst: readonly T[], firstPagePath: string, pageSize: number): { path: string; slice: T[]; pagination: Pagination }[] {
  const totalItems = newestFirst.length;
  const archivePageCount = Math.ceil(Math.max(0, totalItems - pageSize) / pageSize);
  const pagination = (pageNumber: number): Pagination => ({ pageNumber, archivePageCount, firstPagePath, totalItems });
  const pages = [{ path: firstPagePath, slice: newestFirst.slice(0, pageSize), pagination: pagination(0) }];
  for (let pageNumber = archivePageCount; pageNumber >= 1; pageNumber -= 1) {
    const end = totalItems - (pageNumber - 1) * pageSize;
    pages.push({ path: paginatedPath(firstPagePath, pageNumber), slice: newestFirst.slice(Math.max(pageSize, end - pageSize), end), pagination: pagination(pageNumber) });
  }
  return pages;
}

/** Pages that exist in several languages point at each other; ids and page numbers match across languages. */
function linkAlternates(pages: Page[], config: SiteConfig): void {
  const groups = new Map<string, Page[]>();
  for (const page of pages) {
    const identity = pageIdentity(page, config);
    if (identity === null) continue;
    groups.set(identity, [...(groups.get(identity) ?? []), page]);
  }
  for (const group of groups.values()) {
    const alternates = group.map((p) => ({ lang: p.lang, path: p.path }));
    for (const page of group) page.alternates = alternates;
  }
}

function pageIdentity(page: Page, config: SiteConfig): string | null {
  const prefix = languagePrefix(page.lang, config.defaultLanguage);
  switch (page.kind) {
    case 'item':
      return `item:${page.item.key}`;
    case 'redirect':
      return null;
    default:
      // Same path once the language prefix is removed: ids and page numbers are shared.
      return `${page.kind}:${page.path.slice(config.basePath.length + prefix.length)}`;
  }
}

function addRedirects(pages: Page[], input: ModelInput, published: readonly Item[], config: SiteConfig, sink: DiagnosticSink): void {
  const taken = new Set(pages.map((p) => p.path));
  const base = config.basePath;
  const add = (path: string, target: string, movedTo: RedirectTarget, lang: string, report: () => void): void => {
    if (taken.has(path)) {
      report();
      return;
    }
    taken.add(path);
    pages.push({ kind: 'redirect', lang, path, target, movedTo, alternates: [] });
  };
  for (const item of published) {
    item.aliases.forEach((alias, index) => {
      const path = `${base}${alias.replace(/^\//, '')}`;
      add(path, item.path, { kind: 'item', item }, item.lang, () =>
        sink.error(item.aliasSources?.[index] ?? { file: item.file, line: 1, column: 1 }, 'alias-clash', `The old address ${alias} is now used by another page.`, 'Remove it from "aliases:".'),
      );
    });
  }
  for (const language of config.languages) {
    const prefix = languagePrefix(language.code, config.defaultLanguage);
    for (const vocabulary of input.vocabularies) {
      for (const term of vocabulary.terms) {
        for (const alias of term.aliases) {
          const path = termPath(base, prefix, vocabulary.id, alias);
          add(path, termPath(base, prefix, vocabulary.id, term.id), { kind: 'term', term }, language.code, () => {
            if (language.code === config.defaultLanguage) {
              sink.error(term.source, 'alias-clash', `The old id "${alias}" of "${term.id}" is also the address of another term page.`, 'Remove the alias or rename the other term.');
            }
          });
        }
      }
    }
  }
}

function checkNavigation(input: ModelInput, vocabularies: ReadonlyMap<string, Vocabulary>, sink: DiagnosticSink): void {
  const yaml = input.configYaml;
  if (!yaml) return;
  input.config.navigation.forEach((group, groupIndex) => {
    group.vocabularies.forEach((id, index) => {
      if (vocabularies.has(id)) return;
      const hint = didYouMean(suggest(id, [...vocabularies.keys()].map((value) => ({ value, keys: [] }))));
      sink.error(yaml.locateValue(['navigation', groupIndex, 'vocabularies', index]), 'unknown-vocabulary', `There is no vocabulary "${id}" (no file taxonomies/${id}.yaml).`, hint ?? 'Use the name of a file in content/taxonomies/ without ".yaml".');
    });
  });
}

function resolveChairpersonship(
  input: ModelInput,
  vocabularies: ReadonlyMap<string, Vocabulary>,
  buildDate: string,
  sink: DiagnosticSink,
): SiteModel['chairpersonship'] {
  const countries = COUNTRY_VOCABULARIES.map((id) => vocabularies.get(id)).filter((v): v is Vocabulary => v !== undefined);
  let current: SiteModel['chairpersonship'];
  for (const [year, id] of Object.entries(input.config.chairpersonship)) {
    const term = countries.map((v) => v.byId.get(id)).find((t) => t !== undefined);
    if (!term) {
      const at = input.configYaml?.locateValue(['chairpersonship', year]) ?? { file: input.configFile, line: 1, column: 1 };
      const hint = didYouMean(suggest(id, countries.flatMap((v) => v.terms.map((t) => ({ value: t.id, keys: [...Object.values(t.name), ...t.aliases] })))));
      sink.error(at, 'unknown-term', `Unknown participating State "${id}" for the ${year} Chairpersonship.`, hint ?? 'Use an id from participating-states.yaml.');
      continue;
    }
    if (year === buildDate.slice(0, 4)) current = { year, term };
  }
  return current;
}
