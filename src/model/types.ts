import type { SourcePosition } from '../diagnostics.js';
import type { ItemType } from '../parse/schemas.js';

/** Text per language code; the key `*` holds text that is the same in every language. */
export type LocalizedText = Readonly<Record<string, string>>;

export interface Language {
  readonly code: string;
  readonly name: string;
  /** BCP 47 locale for dates, e.g. en-GB. */
  readonly locale: string;
}

export interface NavigationGroup {
  readonly title: LocalizedText;
  readonly vocabularies: readonly string[];
}

export interface SiteConfig {
  readonly title: LocalizedText;
  readonly shortTitle: LocalizedText;
  readonly description: LocalizedText;
  /** Absolute base URL, always ending in `/`. */
  readonly baseUrl: string;
  /** Path part of the base URL (`/` or `/repo/`); every internal link starts with it. */
  readonly basePath: string;
  readonly languages: readonly Language[];
  readonly defaultLanguage: string;
  readonly pageSize: number;
  /** Year → participating state id. */
  readonly chairpersonship: Readonly<Record<string, string>>;
  readonly navigation: readonly NavigationGroup[];
  readonly rawHtml: { readonly mode: 'sanitize' | 'strip'; readonly embedHosts: readonly string[] };
}

export interface Term {
  readonly vocabulary: string;
  readonly id: string;
  /** `vocabulary/id`, unique in the site. */
  readonly key: string;
  readonly name: LocalizedText;
  readonly description: LocalizedText | undefined;
  readonly aliases: readonly string[];
  readonly parentId: string | undefined;
  readonly childIds: string[];
  /** Host participating state (field operations). */
  readonly country: Term | undefined;
  /** Host named without a term, for hosts that are not participating states. */
  readonly host: string | undefined;
  readonly closed: boolean;
  readonly code: string | undefined;
  readonly source: SourcePosition;
}

export interface Vocabulary {
  readonly id: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText | undefined;
  /** Every term in document order (parents before their children). */
  readonly terms: readonly Term[];
  readonly byId: ReadonlyMap<string, Term>;
  /** Whether any term has a parent: the overview is drawn as a tree. */
  readonly isTree: boolean;
  readonly file: string;
}

/** One language version of a news item. */
export interface Item {
  /** Shared by an item and its translations. */
  readonly key: string;
  readonly lang: string;
  readonly file: string;
  readonly slug: string;
  readonly path: string;
  readonly title: string;
  /** Calendar date `YYYY-MM-DD`; never a Date, so no time zone can shift it. */
  readonly date: string;
  readonly year: string;
  readonly summary: string;
  readonly type: ItemType;
  readonly issuedBy: Term;
  readonly fieldsOfWork: readonly Term[];
  readonly countries: readonly Term[];
  readonly meetings: readonly Term[];
  readonly draft: boolean;
  readonly aliases: readonly string[];
  /** Where each alias is written, for diagnostics (same order as `aliases`). */
  readonly aliasSources?: readonly SourcePosition[];
}

/**
 * Where a page sits in its series (news, a year, a term). The first page lists
 * the newest items; the pages behind it are numbered from the oldest, so that
 * an archive page's address keeps showing the same items as news is added
 * (see `paginate` in site-model.ts).
 */
export interface Pagination {
  /** 0 for the first page; else the number in the page's address, 1 holding the oldest items. */
  readonly pageNumber: number;
  /** How many numbered pages lie behind the first one: 1 (oldest) to this (newest). */
  readonly archivePageCount: number;
  readonly firstPagePath: string;
  readonly totalItems: number;
}

interface PageBase {
  readonly lang: string;
  /** Site path of the page, e.g. `/news/page/2/`; `index.html` is implied for paths ending in `/`. */
  readonly path: string;
  /** The same page in other languages, including this one. */
  alternates: { lang: string; path: string }[];
}

export type Page =
  | (PageBase & { readonly kind: 'home'; readonly items: readonly Item[] })
  | (PageBase & { readonly kind: 'news'; readonly items: readonly Item[]; readonly pagination: Pagination; readonly years: readonly string[] })
  | (PageBase & { readonly kind: 'year'; readonly year: string; readonly items: readonly Item[]; readonly pagination: Pagination; readonly years: readonly string[] })
  | (PageBase & { readonly kind: 'item'; readonly item: Item; readonly related: readonly Item[] })
  | (PageBase & { readonly kind: 'vocabulary'; readonly vocabulary: Vocabulary; readonly counts: ReadonlyMap<string, number> })
  | (PageBase & { readonly kind: 'term'; readonly vocabulary: Vocabulary; readonly term: Term; readonly items: readonly Item[]; readonly pagination: Pagination })
  | (PageBase & { readonly kind: 'search' })
  | (PageBase & { readonly kind: 'not-found' })
  | (PageBase & { readonly kind: 'redirect'; readonly target: string; readonly movedTo: RedirectTarget });

/** What a redirect page's old address now belongs to: its page shows the item's title or the term's name. */
export type RedirectTarget = { readonly kind: 'item'; readonly item: Item } | { readonly kind: 'term'; readonly term: Term };

export type PageKind = Page['kind'];

export interface SiteModel {
  readonly config: SiteConfig;
  readonly vocabularies: readonly Vocabulary[];
  readonly vocabularyById: ReadonlyMap<string, Vocabulary>;
  /** Published items per language, newest first. */
  readonly itemsByLanguage: ReadonlyMap<string, readonly Item[]>;
  /** Items per language per term key, including roll-ups, newest first. */
  readonly termItems: ReadonlyMap<string, ReadonlyMap<string, readonly Item[]>>;
  /** Field operations per host country term key. */
  readonly operationsByCountry: ReadonlyMap<string, readonly Term[]>;
  /** Translations of each item key, by language. */
  readonly translations: ReadonlyMap<string, ReadonlyMap<string, Item>>;
  readonly pages: readonly Page[];
  /** The build date `YYYY-MM-DD` (today, or from SOURCE_DATE_EPOCH). */
  readonly buildDate: string;
  /** Participating state holding the Chairpersonship in the build year, if known. */
  readonly chairpersonship: { readonly year: string; readonly term: Term } | undefined;
}
