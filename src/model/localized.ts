import type { LocalizedTextInput } from '../parse/schemas.js';
import type { LocalizedText } from './types.js';

export function toLocalizedText(input: LocalizedTextInput): LocalizedText {
  return typeof input === 'string' ? { '*': input } : { ...input };
}

export interface ResolvedText {
  readonly text: string;
  /** The language the text is actually in (differs from the one asked for when it fell back). */
  readonly lang: string;
}

/** Text in `lang`, else in the default language, else any; says which language it is in. */
export function resolveText(text: LocalizedText, lang: string, defaultLanguage: string): ResolvedText {
  const own = text[lang];
  if (own !== undefined) return { text: own, lang };
  const shared = text['*'];
  if (shared !== undefined) return { text: shared, lang };
  const fallback = text[defaultLanguage];
  if (fallback !== undefined) return { text: fallback, lang: defaultLanguage };
  const first = Object.keys(text).sort()[0];
  return first !== undefined ? { text: text[first] ?? '', lang: first } : { text: '', lang };
}
