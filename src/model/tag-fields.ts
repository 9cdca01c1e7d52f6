/**
 * Which vocabularies each front-matter field draws its ids from. The first
 * vocabulary of `countries` is also where field operations find their host.
 */
export const TAG_FIELDS = {
  issuedBy: { vocabularies: ['structures', 'field-operations'], noun: 'issuer', plural: false },
  fieldsOfWork: { vocabularies: ['fields-of-work'], noun: 'field of work', plural: true },
  countries: { vocabularies: ['participating-states', 'partners-for-co-operation'], noun: 'country', plural: true },
  meetings: { vocabularies: ['meetings'], noun: 'meeting', plural: true },
} as const satisfies Record<string, { vocabularies: readonly string[]; noun: string; plural: boolean }>;

export type TagField = keyof typeof TAG_FIELDS;
export const TAG_FIELD_NAMES = Object.keys(TAG_FIELDS) as TagField[];

export const COUNTRY_VOCABULARIES: readonly string[] = TAG_FIELDS.countries.vocabularies;
export const ISSUER_VOCABULARIES: readonly string[] = TAG_FIELDS.issuedBy.vocabularies;

/** Path segments that vocabularies may not take, because pages of their own live there. */
export const RESERVED_SEGMENTS = new Set(['news', 'search', 'assets', 'pagefind', 'page', '404']);
