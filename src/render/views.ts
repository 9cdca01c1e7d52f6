import { createHash } from 'node:crypto';
import { resolveText } from '../model/localized.js';
import { languagePrefix, feedPath, homePath, newsPath, paginatedPath, searchPath, termPath, vocabularyPath, yearPath, absoluteUrl } from '../model/urls.js';
import { ancestorsOf } from '../model/vocabularies.js';
import type { Item, LocalizedText, Page, PageKind, Pagination, RedirectTarget, SiteModel, Term, Vocabulary } from '../model/types.js';
import { formatCalendarDate } from './dates.js';
import { serializeJsonLd } from './json-ld.js';

/** Interface strings of one language, default language filled in. */
export type InterfaceStrings = Readonly<Record<string, string>>;

export interface ViewContext {
  readonly model: SiteModel;
  readonly strings: ReadonlyMap<string, InterfaceStrings>;
  /** Rendered item bodies by item file, links already resolved (a publish resolves a body when it is first asked for). */
  readonly bodies: { get(file: string): string | undefined };
  readonly stylesheetPath: string;
  /** Site path of each asset (hashed names for stylesheets and scripts) by its path under `templates/assets/`. */
  readonly assetPaths: Readonly<Record<string, string>>;
  /** Navigation HTML per language, rendered once. */
  readonly navigationHtml: ReadonlyMap<string, string>;
}

export interface LinkView {
  readonly name: string;
  readonly href: string;
  /** Language of `name` when it fell back to another language than the page's, else "". */
  readonly lang: string;
}

export interface TermLinkView extends LinkView {
  readonly closed: boolean;
  readonly annotation: string;
}

export interface ItemCardView {
  readonly title: string;
  readonly href: string;
  readonly summary: string;
  readonly date: { readonly iso: string; readonly text: string };
  readonly type: string;
  readonly issuer: TermLinkView;
}

/** Fills `{name}` placeholders of an interface string. */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** Every card `card` made, so that `viewForKey` knows which list entries it may stand in for by their hash. */
const madeCards = new WeakSet<object>();
const cardKeys = new WeakMap<object, string>();

const toolsOfContext = new WeakMap<ViewContext, Map<string, LanguageTools>>();

/**
 * The helpers of one language, made once per view context: their term links
 * and item cards are then made once per term and item, and every page showing
 * them shares the same object (fewer allocations, and a page key can stand in
 * for a card by its hash, see `render-site.ts`).
 */
function languageTools(context: ViewContext, lang: string): LanguageTools {
  let byLanguage = toolsOfContext.get(context);
  if (!byLanguage) {
    byLanguage = new Map();
    toolsOfContext.set(context, byLanguage);
  }
  let tools = byLanguage.get(lang);
  if (!tools) {
    tools = createLanguageTools(context, lang);
    byLanguage.set(lang, tools);
  }
  return tools;
}

/** Helpers bound to one page's language. */
function createLanguageTools(context: ViewContext, lang: string) {
  const { model } = context;
  const { config } = model;
  const strings = context.strings.get(lang) ?? context.strings.get(config.defaultLanguage) ?? {};
  const locale = config.languages.find((l) => l.code === lang)?.locale ?? lang;
  const prefix = languagePrefix(lang, config.defaultLanguage);
  const t = (key: string): string => strings[key] ?? key;
  const text = (value: LocalizedText): { text: string; lang: string } => {
    const resolved = resolveText(value, lang, config.defaultLanguage);
    return { text: resolved.text, lang: resolved.lang === lang ? '' : resolved.lang };
  };
  // A view context lives as long as its model, whose terms do not change.
  const termLinks = new Map<Term, TermLinkView>();
  const termLink = (term: Term): TermLinkView => {
    const known = termLinks.get(term);
    if (known) return known;
    const name = text(term.name);
    const chair = model.chairpersonship?.term === term ? format(t('chairpersonship_annotation'), { organisation: text(config.shortTitle).text, year: model.chairpersonship.year }) : '';
    const link = { name: name.text, lang: name.lang, href: termPath(config.basePath, prefix, term.vocabulary, term.id), closed: term.closed, annotation: chair };
    termLinks.set(term, link);
    return link;
  };
  const date = (iso: string): { iso: string; text: string } => ({ iso, text: formatCalendarDate(iso, locale) });
  // A session patches an item's title and summary in place (see `text-edit.ts`): a card is made again when they differ.
  const cards = new Map<Item, ItemCardView>();
  const card = (item: Item): ItemCardView => {
    const known = cards.get(item);
    if (known && known.title === item.title && known.summary === item.summary) return known;
    const made = { title: item.title, href: item.path, summary: item.summary, date: date(item.date), type: t(`type_${item.type}`), issuer: termLink(item.issuedBy) };
    cards.set(item, made);
    madeCards.add(made);
    return made;
  };
  const vocabularyTitle = (vocabulary: Vocabulary): LinkView => {
    const title = text(vocabulary.title);
    return { name: title.text, lang: title.lang, href: vocabularyPath(config.basePath, prefix, vocabulary.id) };
  };
  // What every page of this language takes from the site (besides its interface strings and navigation), as JSON: the
  // part of an item page's key data that all its pages share (see `itemPageKeyData`), made once.
  let siteData: string | null = null;
  const siteDataKey = (): string =>
    (siteData ??= JSON.stringify([lang, locale, prefix, config.title, config.shortTitle, config.description, config.baseUrl, config.basePath, config.languages, config.defaultLanguage, context.stylesheetPath, context.assetPaths]));
  return { strings, t, text, termLink, date, card, vocabularyTitle, prefix, locale, siteDataKey };
}

type LanguageTools = ReturnType<typeof createLanguageTools>;

interface PageParts {
  readonly title: string;
  /** Language of `title` when it fell back to another language than the page's (a term without a name in it). */
  readonly titleLang?: string;
  readonly description: string;
  readonly breadcrumbs: readonly LinkView[];
  readonly feeds: readonly { title: string; href: string }[];
  readonly jsonLd: readonly object[];
  readonly ogType: string;
  readonly noindex?: boolean;
}

type PageOf<K extends PageKind> = Extract<Page, { kind: K }>;
type ViewBuilder<K extends PageKind> = (page: PageOf<K>, tools: LanguageTools, context: ViewContext) => { parts: PageParts; view: object };

/** Page numbers shown on either side of the current one. */
const PAGINATION_NEIGHBOURS = 2;

/**
 * The pagination's links, newest first: the first page ("Latest"), the
 * current page with its neighbours, and page 1 (the oldest), with a gap where
 * numbers are skipped. Listing every page would put hundreds of links on each
 * page of a long archive (and make the whole series cost the square of its
 * length to build). No numbered page names the newest number or the total, so
 * that it stays as it is while news is added (see `paginate`); only the
 * newest few follow when a page is added behind the first.
 */
function paginationView(pagination: Pagination, tools: LanguageTools) {
  const { pageNumber, archivePageCount, firstPagePath } = pagination;
  const pages: { label: string; href: string; current: boolean; gap: boolean }[] = [];
  const add = (number: number, label: string): void => {
    pages.push({ label, href: paginatedPath(firstPagePath, number), current: number === pageNumber, gap: false });
  };
  const gap = (): void => {
    pages.push({ label: '', href: '', current: false, gap: true });
  };
  // The first page stands just above the newest numbered one.
  const position = pageNumber === 0 ? archivePageCount + 1 : pageNumber;
  const highest = Math.min(archivePageCount, position + PAGINATION_NEIGHBOURS);
  const lowest = Math.max(1, position - PAGINATION_NEIGHBOURS);
  add(0, tools.t('latest'));
  if (highest < archivePageCount) gap();
  for (let number = highest; number >= lowest; number -= 1) add(number, String(number));
  if (lowest > 2) gap();
  if (lowest > 1) add(1, '1');
  const newer = pageNumber === 0 ? -1 : pageNumber === archivePageCount ? 0 : pageNumber + 1;
  const older = pageNumber === 0 ? archivePageCount : pageNumber - 1;
  return {
    pageNumber,
    label: pageNumber === 0 ? tools.t('latest') : format(tools.t('page_number'), { page: pageNumber }),
    previous: newer < 0 ? '' : paginatedPath(firstPagePath, newer),
    next: older < 1 ? '' : paginatedPath(firstPagePath, older),
    pages,
  };
}

function pageSuffix(pagination: Pagination, tools: LanguageTools): string {
  return pagination.pageNumber > 0 ? ` – ${format(tools.t('page_number'), { page: pagination.pageNumber })}` : '';
}

/** The series' item count, on its first page only: printed on every page, it would change them all with each new item. */
function countOnFirstPage(pagination: Pagination): number | null {
  return pagination.pageNumber === 0 ? pagination.totalItems : null;
}

function termTree(vocabulary: Vocabulary, counts: ReadonlyMap<string, number>, tools: LanguageTools, filter: (term: Term) => boolean) {
  type Node = TermLinkView & { count: number; children: Node[] };
  const build = (term: Term): Node => ({
    ...tools.termLink(term),
    count: counts.get(term.id) ?? 0,
    children: term.childIds.map((id) => vocabulary.byId.get(id)).filter((t): t is Term => t !== undefined && filter(t)).map(build),
  });
  return vocabulary.terms.filter((t) => (t.parentId === undefined || !vocabulary.byId.has(t.parentId)) && filter(t)).map(build);
}

const homeView: ViewBuilder<'home'> = (page, tools, context) => {
  const { config } = context.model;
  const title = tools.text(config.title).text;
  return {
    parts: {
      title,
      description: tools.text(config.description).text,
      breadcrumbs: [],
      feeds: [{ title: tools.t('feed_all'), href: feedPath(newsPath(config.basePath, tools.prefix)) }],
      jsonLd: [{ '@context': 'https://schema.org', '@type': 'WebSite', name: title, url: absoluteUrl(config.baseUrl, config.basePath, page.path) }],
      ogType: 'website',
    },
    view: {
      items: page.items.map(tools.card),
      allNews: newsPath(config.basePath, tools.prefix),
      vocabularies: context.model.vocabularies.map(tools.vocabularyTitle),
    },
  };
};

function listView(page: PageOf<'news'> | PageOf<'year'>, tools: LanguageTools, context: ViewContext) {
  const { config } = context.model;
  const news = newsPath(config.basePath, tools.prefix);
  const heading = page.kind === 'year' ? format(tools.t('news_of_year'), { year: page.year }) : tools.t('all_news');
  return {
    parts: {
      title: `${heading}${pageSuffix(page.pagination, tools)}`,
      description: heading,
      breadcrumbs: page.kind === 'year' ? [{ name: tools.t('news'), href: news, lang: '' }] : [],
      feeds: [{ title: tools.t('feed_all'), href: feedPath(news) }],
      jsonLd: [],
      ogType: 'website',
    },
    view: {
      heading,
      items: page.items.map(tools.card),
      pagination: paginationView(page.pagination, tools),
      years: page.years.map((year) => ({ name: year, href: yearPath(config.basePath, tools.prefix, year), current: page.kind === 'year' && page.year === year })),
      totalItems: countOnFirstPage(page.pagination),
    },
  };
}

const itemView: ViewBuilder<'item'> = (page, tools, context) => {
  const { item } = page;
  const { config } = context.model;
  const issuerVocabulary = context.model.vocabularyById.get(item.issuedBy.vocabulary);
  const issuerChain = issuerVocabulary ? ancestorsOf(item.issuedBy, issuerVocabulary).reverse().map(tools.termLink) : [];
  const news = newsPath(config.basePath, tools.prefix);
  const siteName = tools.text(config.title).text;
  const url = absoluteUrl(config.baseUrl, config.basePath, item.path);
  return {
    parts: {
      title: item.title,
      description: item.summary,
      breadcrumbs: [{ name: tools.t('news'), href: news, lang: '' }, { name: item.year, href: yearPath(config.basePath, tools.prefix, item.year), lang: '' }],
      feeds: [{ title: tools.t('feed_all'), href: feedPath(news) }],
      jsonLd: [
        {
          '@context': 'https://schema.org',
          '@type': 'NewsArticle',
          headline: item.title,
          description: item.summary,
          datePublished: item.date,
          inLanguage: item.lang,
          url,
          mainEntityOfPage: url,
          publisher: { '@type': 'Organization', name: siteName, url: config.baseUrl },
          author: { '@type': 'Organization', name: tools.termLink(item.issuedBy).name },
          about: item.fieldsOfWork.map((t) => ({ '@type': 'Thing', name: tools.termLink(t).name })),
        },
      ],
      ogType: 'article',
    },
    view: {
      item: {
        title: item.title,
        summary: item.summary,
        date: tools.date(item.date),
        year: item.year,
        type: tools.t(`type_${item.type}`),
        issuer: tools.termLink(item.issuedBy),
        issuerChain,
        fieldsOfWork: item.fieldsOfWork.map(tools.termLink),
        countries: item.countries.map(tools.termLink),
        meetings: item.meetings.map(tools.termLink),
        body: context.bodies.get(item.file) ?? '',
      },
      related: page.related.map(tools.card),
    },
  };
};

const vocabularyView: ViewBuilder<'vocabulary'> = (page, tools) => {
  const { vocabulary, counts } = page;
  const title = tools.vocabularyTitle(vocabulary);
  const description = vocabulary.description ? tools.text(vocabulary.description).text : title.name;
  const hasClosed = vocabulary.terms.some((t) => t.closed);
  return {
    parts: { title: title.name, titleLang: title.lang, description, breadcrumbs: [], feeds: [], jsonLd: [], ogType: 'website' },
    view: {
      vocabulary: { ...title, description: vocabulary.description ? tools.text(vocabulary.description).text : '', isTree: vocabulary.isTree },
      terms: termTree(vocabulary, counts, tools, (t) => !hasClosed || !t.closed),
      closedTerms: hasClosed ? termTree(vocabulary, counts, tools, (t) => t.closed) : [],
      hasClosed,
      totalTerms: vocabulary.terms.length,
    },
  };
};

const termView: ViewBuilder<'term'> = (page, tools, context) => {
  const { vocabulary, term } = page;
  const { model } = context;
  const { config } = model;
  const link = tools.termLink(term);
  const vocabularyLink = tools.vocabularyTitle(vocabulary);
  const parentChain = ancestorsOf(term, vocabulary).reverse().map(tools.termLink);
  const children = term.childIds.map((id) => vocabulary.byId.get(id)).filter((t): t is Term => t !== undefined).map(tools.termLink);
  const operations = (model.operationsByCountry.get(term.key) ?? []).map(tools.termLink);
  const description = term.description ? tools.text(term.description) : { text: '', lang: '' };
  const listPath = termPath(config.basePath, tools.prefix, vocabulary.id, term.id);
  return {
    parts: {
      title: `${link.name}${pageSuffix(page.pagination, tools)}`,
      titleLang: link.lang,
      description: description.text || format(tools.t('term_description'), { name: link.name, vocabulary: vocabularyLink.name }),
      breadcrumbs: [vocabularyLink, ...parentChain],
      feeds: [{ title: format(tools.t('feed_term'), { name: link.name }), href: feedPath(listPath) }],
      jsonLd: [],
      ogType: 'website',
    },
    view: {
      term: { ...link, description: description.text, descriptionLang: description.lang, code: term.code ?? '', host: term.host ?? '' },
      vocabulary: vocabularyLink,
      parent: parentChain[parentChain.length - 1] ?? null,
      children,
      country: term.country ? tools.termLink(term.country) : null,
      operations,
      items: page.items.map(tools.card),
      pagination: paginationView(page.pagination, tools),
      totalItems: countOnFirstPage(page.pagination),
    },
  };
};

const searchView: ViewBuilder<'search'> = (_page, tools, context) => ({
  parts: { title: tools.t('search'), description: tools.t('search'), breadcrumbs: [], feeds: [], jsonLd: [], ogType: 'website' },
  view: {
    vocabularies: context.model.vocabularies.map(tools.vocabularyTitle),
    allNews: newsPath(context.model.config.basePath, tools.prefix),
    // One Pagefind bundle serves every language: it picks the index by the page's <html lang>.
    searchBundle: `${context.model.config.basePath}pagefind/`,
    basePath: context.model.config.basePath,
  },
});

const notFoundView: ViewBuilder<'not-found'> = (_page, tools, context) => ({
  parts: { title: tools.t('not_found_title'), description: tools.t('not_found_title'), breadcrumbs: [], feeds: [], jsonLd: [], ogType: 'website', noindex: true },
  view: { allNews: newsPath(context.model.config.basePath, tools.prefix), search: searchPath(context.model.config.basePath, tools.prefix) },
});

/** In the page's language: the item's own title, or the term's name (another language's when it has none in this one). */
function redirectTargetTitle(movedTo: RedirectTarget, tools: LanguageTools): { text: string; lang: string } {
  if (movedTo.kind === 'item') return { text: movedTo.item.title, lang: '' };
  const { name, lang } = tools.termLink(movedTo.term);
  return { text: name, lang };
}

const redirectView: ViewBuilder<'redirect'> = (page, tools) => {
  const targetTitle = redirectTargetTitle(page.movedTo, tools);
  return {
    parts: { title: tools.t('redirect_title'), description: `${tools.t('redirect_text')} ${targetTitle.text}`, breadcrumbs: [], feeds: [], jsonLd: [], ogType: 'website', noindex: true },
    view: { target: page.target, targetTitle: targetTitle.text, targetTitleLang: targetTitle.lang },
  };
};

const VIEW_BUILDERS = {
  home: homeView,
  news: listView,
  year: listView,
  item: itemView,
  vocabulary: vocabularyView,
  term: termView,
  search: searchView,
  'not-found': notFoundView,
  redirect: redirectView,
} satisfies { [K in PageKind]: ViewBuilder<K> };

/** The template each page kind is rendered with. */
export const PAGE_TEMPLATES = {
  home: 'home',
  news: 'news',
  year: 'news',
  item: 'item',
  vocabulary: 'vocabulary',
  term: 'term',
  search: 'search',
  'not-found': 'not-found',
  redirect: 'redirect',
} as const satisfies Record<PageKind, string>;

/** Builds the plain object a page's template sees: `site`, `page`, `t` and the kind's own fields. */
export function buildPageView(page: Page, context: ViewContext): object {
  const tools = languageTools(context, page.lang);
  const builder = VIEW_BUILDERS[page.kind] as ViewBuilder<PageKind>;
  const { parts, view } = builder(page as PageOf<PageKind>, tools, context);
  const { model } = context;
  const { config } = model;
  const siteTitle = tools.text(config.title).text;
  const home = homePath(config.basePath, tools.prefix);
  const canonical = absoluteUrl(config.baseUrl, config.basePath, page.kind === 'redirect' ? page.target : page.path);
  const breadcrumbs = page.kind === 'home' ? [] : [{ name: tools.t('home'), href: home, lang: '' }, ...parts.breadcrumbs];
  const breadcrumbLd = (): object[] => breadcrumbs.length
    ? [
        {
          '@context': 'https://schema.org',
          '@type': 'BreadcrumbList',
          itemListElement: [...breadcrumbs, { name: parts.title, href: page.path }].map((crumb, index) => ({
            '@type': 'ListItem',
            position: index + 1,
            name: crumb.name,
            item: absoluteUrl(config.baseUrl, config.basePath, crumb.href),
          })),
        },
      ]
    : [];
  const alternates = page.alternates.length > 1 ? page.alternates : [];
  const defaultAlternate = alternates.find((a) => a.lang === config.defaultLanguage);
  const languageSwitch = config.languages.map((language) => {
    const alternate = page.alternates.find((a) => a.lang === language.code);
    return {
      code: language.code,
      name: language.name,
      current: language.code === page.lang,
      href: alternate?.path ?? switchFallback(page, language.code, model),
      // Only an item can be untranslated; a list page missing in another language (page 3, a year) is simply shorter there.
      missing: alternate === undefined && page.kind === 'item',
    };
  });
  const built = {
    ...view,
    t: tools.strings,
    site: {
      title: siteTitle,
      shortTitle: tools.text(config.shortTitle).text,
      home,
      news: newsPath(config.basePath, tools.prefix),
      search: searchPath(config.basePath, tools.prefix),
      stylesheet: context.stylesheetPath,
      assets: context.assetPaths,
      navigation: context.navigationHtml.get(page.lang) ?? '',
      languages: config.languages.length > 1 ? languageSwitch : [],
    },
    page: {
      kind: page.kind,
      lang: page.lang,
      // Open Graph wants a territory-qualified locale with an underscore, e.g. en_GB.
      ogLocale: tools.locale.replace(/-/g, '_'),
      path: page.path,
      title: parts.title,
      titleLang: parts.titleLang ?? '',
      fullTitle: page.kind === 'home' ? siteTitle : `${parts.title} | ${siteTitle}`,
      description: parts.description,
      canonical,
      noindex: parts.noindex ?? false,
      ogType: parts.ogType,
      breadcrumbs,
      feeds: parts.feeds,
      alternates: [
        ...alternates.map((a) => ({ hreflang: a.lang, href: absoluteUrl(config.baseUrl, config.basePath, a.path) })),
        ...(defaultAlternate ? [{ hreflang: 'x-default', href: absoluteUrl(config.baseUrl, config.basePath, defaultAlternate.path) }] : []),
      ],
    },
  };
  // Structured data repeats what the page's other fields say; it is serialized only when the page is rendered.
  let jsonLd: string[] | null = null;
  Object.defineProperty(built.page, 'jsonLd', {
    enumerable: true,
    get: () => (jsonLd ??= [...parts.jsonLd, ...breadcrumbLd()].map(serializeJsonLd)),
  });
  return built;
}

/** What a page's key hashes for the parts of its view that many pages share, each computed once. */
export interface SharedPartKeys {
  /** The hash of the page language's navigation HTML. */
  readonly navigation: string;
  /** The hash of each language's interface strings, by the object every view of that language has as `t`. */
  readonly strings: ReadonlyMap<object, string>;
  /** The hash of an item page's body, if known. */
  readonly body: string | undefined;
}

/**
 * The data a page key hashes in place of the view itself: the same view with
 * the parts many pages share (navigation HTML, interface strings, the item
 * body, each item card of a list) replaced by their hashes, and without the
 * structured data, which is serialized from fields of the view that the key
 * already has (titles, summary, date, language, canonical URL, site title,
 * issuer, fields of work, breadcrumbs). Keying every page of a large site by
 * its whole JSON cost about 200 MB of strings per build at N = 10,000.
 */
export function viewForKey(view: object, shared: SharedPartKeys): object {
  const keyed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(view)) {
    if (name === 't' && isRecord(value) && shared.strings.has(value)) keyed.t = shared.strings.get(value);
    else if (name === 'site' && isRecord(value)) keyed.site = { ...value, navigation: shared.navigation };
    else if (name === 'page' && isRecord(value)) keyed.page = withoutKey(value, 'jsonLd');
    else if (name === 'item' && isRecord(value) && shared.body !== undefined) keyed.item = { ...value, body: shared.body };
    else if (Array.isArray(value)) keyed[name] = value.map(cardKeyOr);
    else keyed[name] = value;
  }
  return keyed;
}

function cardKeyOr(entry: unknown): unknown {
  if (typeof entry !== 'object' || entry === null || !madeCards.has(entry)) return entry;
  return cardKeyOf(entry);
}

function cardKeyOf(card: object): string {
  let key = cardKeys.get(card);
  if (key === undefined) {
    key = createHash('sha256').update(JSON.stringify(card)).digest('base64');
    cardKeys.set(card, key);
  }
  return key;
}

/** The JSON of each term link, made once: an item page's key names its terms by it. */
const termLinkJson = new WeakMap<TermLinkView, string>();

function termLinkKey(link: TermLinkView): string {
  let json = termLinkJson.get(link);
  if (json === undefined) {
    json = JSON.stringify(link);
    termLinkJson.set(link, json);
  }
  return json;
}

/**
 * What an item page's view is made from, as JSON, without making the view:
 * the language's site data, the page's address and alternates, the item's
 * own fields, each of its terms by its link (name, address, closed, the
 * Chairpersonship annotation) and its issuer's chain, and each related item
 * by the key of its card. With the navigation, the interface strings, the
 * body and the templates (which the caller adds), that is everything
 * `itemView` and `buildPageView` read for an item page: equal data give an
 * equal view. A publish keys item pages by it, and so makes a view only for
 * the item pages it renders (most of a large site's pages are item pages,
 * and most are unchanged).
 */
export function itemPageKeyData(page: PageOf<'item'>, context: ViewContext): string {
  const tools = languageTools(context, page.lang);
  const { item } = page;
  const issuerVocabulary = context.model.vocabularyById.get(item.issuedBy.vocabulary);
  const terms = (list: readonly Term[]): string[] => list.map((term) => termLinkKey(tools.termLink(term)));
  return JSON.stringify([
    tools.siteDataKey(),
    page.kind,
    page.path,
    page.alternates,
    [item.title, item.summary, item.date, item.year, item.type, item.lang, item.path, item.file],
    terms([item.issuedBy]),
    issuerVocabulary ? terms(ancestorsOf(item.issuedBy, issuerVocabulary)) : null,
    terms(item.fieldsOfWork),
    terms(item.countries),
    terms(item.meetings),
    page.related.map((related) => cardKeyOf(tools.card(related))),
  ]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy without one property, whose getter (if it has one) is not called. */
function withoutKey(record: Record<string, unknown>, omitted: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(record)) if (name !== omitted) copy[name] = record[name];
  return copy;
}

const pagePathSets = new WeakMap<SiteModel, ReadonlySet<string>>();

/**
 * Where the language switcher leads when `page` has no counterpart in `lang`:
 * the first page of the same series (term, news or year list) if that language
 * has it, else that language's news list.
 */
function switchFallback(page: Page, lang: string, model: SiteModel): string {
  const { config } = model;
  const news = newsPath(config.basePath, languagePrefix(lang, config.defaultLanguage));
  if (!('pagination' in page)) return news;
  let paths = pagePathSets.get(model);
  if (!paths) {
    paths = new Set(model.pages.filter((p) => p.kind !== 'redirect').map((p) => p.path));
    pagePathSets.set(model, paths);
  }
  const firstPage = page.pagination.firstPagePath;
  const unprefixed = firstPage.slice(config.basePath.length + languagePrefix(page.lang, config.defaultLanguage).length);
  const counterpart = `${config.basePath}${languagePrefix(lang, config.defaultLanguage)}${unprefixed}`;
  return paths.has(counterpart) ? counterpart : news;
}

/** The navigation's data: groups of vocabularies from site.yaml, each a tree of term links. */
export function buildNavigationView(context: ViewContext, lang: string): object {
  const tools = languageTools(context, lang);
  const { model } = context;
  return {
    t: tools.strings,
    groups: model.config.navigation.map((group) => ({
      title: tools.text(group.title).text,
      titleLang: tools.text(group.title).lang,
      vocabularies: group.vocabularies
        .map((id) => model.vocabularyById.get(id))
        .filter((v): v is Vocabulary => v !== undefined)
        .map((vocabulary) => {
          const hasClosed = vocabulary.terms.some((t) => t.closed);
          return {
            ...tools.vocabularyTitle(vocabulary),
            terms: termTree(vocabulary, new Map(), tools, (t) => !t.closed),
            closedHref: hasClosed ? `${tools.vocabularyTitle(vocabulary).href}#closed` : '',
          };
        }),
    })),
  };
}
