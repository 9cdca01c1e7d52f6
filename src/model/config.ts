import type { SiteInput } from '../parse/schemas.js';
import { toLocalizedText } from './localized.js';
import type { SiteConfig } from './types.js';

export interface ConfigOverrides {
  /** Replaces site.yaml's baseUrl (e.g. a preview deployment). */
  readonly baseUrl?: string | undefined;
}

/** Resolves site.yaml into the configuration every later stage reads. */
export function resolveSiteConfig(input: SiteInput, overrides: ConfigOverrides = {}): SiteConfig {
  const rawBase = overrides.baseUrl ?? input.baseUrl;
  const baseUrl = rawBase.endsWith('/') ? rawBase : `${rawBase}/`;
  const basePath = new URL(baseUrl).pathname;
  const languages = input.languages.map((l) => ({ code: l.code, name: l.name, locale: l.locale ?? l.code }));
  const title = toLocalizedText(input.title);
  return {
    title,
    shortTitle: input.shortTitle === undefined ? title : toLocalizedText(input.shortTitle),
    description: input.description === undefined ? title : toLocalizedText(input.description),
    baseUrl,
    basePath,
    languages,
    defaultLanguage: languages[0]?.code ?? 'en',
    pageSize: input.pageSize,
    chairpersonship: { ...input.chairpersonship },
    navigation: input.navigation.map((group) => ({ title: toLocalizedText(group.title), vocabularies: [...group.vocabularies] })),
    rawHtml: { mode: input.rawHtml.mode, embedHosts: [...input.rawHtml.embedHosts] },
  };
}
