import type { SourceFile } from '../load/read-sources.js';
import type { BodyFacts } from './body-facts.js';
import { frontMatterOnDemand } from './front-matter.js';
import { identifyItemFile, type ParsedItem } from './item.js';
import type { TranslationInput } from './schemas.js';

/**
 * What is kept of an item file that parsed cleanly, without its text: the
 * parse cache stores it between builds, a session's parse memo between its
 * builds. With the same bytes, `itemFromStore` gives back what parsing gives.
 */
export interface StoredItem {
  /** sha256 of the file's bytes (`SourceFile.hash`). */
  readonly hash: string;
  /** The site's languages it was parsed for (they decide what a language suffix means). */
  readonly languages: string;
  readonly data: TranslationInput;
  readonly explicitKeys: readonly string[];
  /** The line on which the body starts. */
  readonly bodyStartLine: number;
  /** What a build needs to know of the body, which starts at `start` in the text (UTF-16 index). */
  readonly bodyFacts: BodyFacts & { readonly start: number };
}

/** `parsed` as a `StoredItem`; null when its facts cannot say where its body starts. */
export function storedItemOf(parsed: ParsedItem, languages: readonly string[]): StoredItem | null {
  const { bodyFacts } = parsed;
  if (bodyFacts.start === null) return null;
  return { hash: parsed.source.hash, languages: languages.join(','), data: parsed.data, explicitKeys: [...parsed.explicitKeys], bodyStartLine: parsed.bodyStartLine, bodyFacts: { ...bodyFacts, start: bodyFacts.start } };
}

/**
 * Whether `stored` was made from these very bytes, for these languages. Equal
 * bytes decode to the text that was parsed, so the file need not be decoded
 * to know that it is valid UTF-8 and where its body starts.
 */
export function storedItemFits(stored: StoredItem, source: SourceFile, languages: readonly string[]): boolean {
  return stored.hash === source.hash && stored.languages === languages.join(',');
}

/**
 * The parsed item again, from what was stored: its text is decoded only if
 * its body is read, and its YAML parsed again only if a position is asked for.
 */
export function itemFromStore(source: SourceFile, stored: StoredItem, languages: readonly string[]): ParsedItem {
  const { lang, isTranslation, key } = identifyItemFile(source.relativePath, languages);
  const textOf = (): string => source.text ?? '';
  return {
    source,
    key,
    lang,
    isTranslation,
    data: stored.data,
    explicitKeys: new Set(stored.explicitKeys),
    yaml: frontMatterOnDemand(source.displayPath, textOf),
    get body() {
      return textOf().slice(stored.bodyFacts.start);
    },
    bodyStartLine: stored.bodyStartLine,
    bodyFacts: stored.bodyFacts,
  };
}
