import { z } from 'zod';

/**
 * Schemas for every input boundary. They describe shape only; references
 * between files (term ids, countries) are checked later, in `model/`.
 */

export const TERM_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const termId = z.string().regex(TERM_ID_PATTERN, { message: 'id-format' });

/** Text that is either the same in every language or given per language code. */
export const localizedText = z.union([
  z.string().trim().min(1),
  z.record(z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/, { message: 'language-code' }), z.string().trim().min(1)),
]);
export type LocalizedTextInput = z.infer<typeof localizedText>;

/** A single id is accepted as a one-item list, so `countries: ukraine` works as editors expect. */
const idList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (typeof value === 'string' ? [value] : value));

export interface TermInput {
  id: string;
  name: LocalizedTextInput;
  description?: LocalizedTextInput | undefined;
  aliases?: string[] | undefined;
  children?: TermInput[] | undefined;
  parent?: string | undefined;
  country?: string | undefined;
  host?: string | undefined;
  closed?: boolean | undefined;
  code?: string | undefined;
}

export const TERM_KEYS = ['id', 'name', 'description', 'aliases', 'children', 'parent', 'country', 'host', 'closed', 'code'] as const;

export const termSchema: z.ZodType<TermInput> = z.lazy(() =>
  z.object({
    id: termId,
    name: localizedText,
    description: localizedText.optional(),
    aliases: z.array(termId).optional(),
    children: z.array(termSchema).optional(),
    parent: termId.optional(),
    country: termId.optional(),
    host: z.string().trim().min(1).optional(),
    closed: z.boolean().optional(),
    code: z.string().trim().min(1).optional(),
  }),
);

export const VOCABULARY_KEYS = ['title', 'description', 'terms'] as const;
export const vocabularySchema = z.object({
  title: localizedText,
  description: localizedText.optional(),
  terms: z.array(termSchema),
});
export type VocabularyInput = z.infer<typeof vocabularySchema>;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const ITEM_TYPES = ['news-item', 'press-release', 'statement', 'feature'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const ITEM_KEYS = [
  'title',
  'date',
  'summary',
  'type',
  'issuedBy',
  'fieldsOfWork',
  'countries',
  'meetings',
  'slug',
  'draft',
  'aliases',
] as const;

export const itemSchema = z.object({
  title: z.string().trim().min(1),
  date: z
    .string()
    .regex(DATE_PATTERN, { message: 'date-format' })
    // Only a well-formed date can be impossible: `13/09/2016` gets one message, not two.
    .refine((value) => !DATE_PATTERN.test(value) || isCalendarDate(value), { message: 'date-impossible' }),
  summary: z.string().trim().min(1),
  type: z.enum(ITEM_TYPES).default('news-item'),
  issuedBy: z.string().trim().min(1),
  fieldsOfWork: idList.default([]),
  countries: idList.default([]),
  meetings: idList.default([]),
  slug: z.string().regex(TERM_ID_PATTERN, { message: 'slug-format' }).optional(),
  draft: z.boolean().default(false),
  aliases: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (typeof value === 'string' ? [value] : value))
    .pipe(z.array(z.string().regex(/^\/(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)*$/, { message: 'alias-path' })))
    .default([]),
});
/** Translations may leave out what they share with their original. */
export const translationSchema = itemSchema.partial().extend({
  title: z.string().trim().min(1),
  summary: z.string().trim().min(1),
});
export type ItemInput = z.infer<typeof itemSchema>;
export type TranslationInput = z.infer<typeof translationSchema>;

export const RAW_HTML_MODES = ['sanitize', 'strip'] as const;

export const SITE_KEYS = [
  'title',
  'shortTitle',
  'description',
  'baseUrl',
  'languages',
  'pageSize',
  'chairpersonship',
  'navigation',
  'rawHtml',
] as const;

export const siteSchema = z.object({
  title: localizedText,
  shortTitle: localizedText.optional(),
  description: localizedText.optional(),
  baseUrl: z.string().regex(/^https?:\/\/[^\s/]+(?:\/[^\s]*)?$/, { message: 'base-url' }),
  languages: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/, { message: 'language-code' }),
        name: z.string().trim().min(1),
        locale: z.string().trim().min(1).optional(),
      }),
    )
    .min(1)
    .default([{ code: 'en', name: 'English' }]),
  pageSize: z.number().int().min(1).max(500).default(20),
  chairpersonship: z.record(z.string().regex(/^\d{4}$/, { message: 'year' }), termId).default({}),
  navigation: z
    .array(z.object({ title: localizedText, vocabularies: z.array(z.string()) }))
    .default([]),
  rawHtml: z
    .object({
      mode: z.enum(RAW_HTML_MODES).default('sanitize'),
      embedHosts: z.array(z.string().regex(/^[a-z0-9.-]+$/, { message: 'host' })).default([]),
    })
    .default({ mode: 'sanitize', embedHosts: [] }),
});
export type SiteInput = z.infer<typeof siteSchema>;

/** `YYYY-MM-DD` naming a day that exists (no 30 February). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
