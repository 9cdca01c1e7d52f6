import type { SourceFile } from '../load/read-sources.js';
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
  /** Where the body starts in the text (UTF-16 index) and on which line. */
  readonly bodyStart: number;
  readonly bodyStartLine: number;
}

/** Where an item's body starts in its file's text (UTF-16 index); null when the body is not the end of the text (gray-matter always leaves it so). */
export function bodyStartOf(item: ParsedItem): number | null {
  const { text } = item.source;
  return text !== null && text.endsWith(item.body) ? text.length - item.body.length : null;
}

/** `parsed` as a `StoredItem`; null when `bodyStartOf` cannot say where its body starts. */
export function storedItemOf(parsed: ParsedItem, languages: readonly string[]): StoredItem | null {
  const bodyStart = bodyStartOf(parsed);
  if (bodyStart === null) return null;
  return { hash: parsed.source.hash, languages: languages.join(','), data: parsed.data, explicitKeys: [...parsed.explicitKeys], bodyStart, bodyStartLine: parsed.bodyStartLine };
}

/** Whether `stored` was made from these very bytes, for these languages. */
export function storedItemFits(stored: StoredItem, source: SourceFile, languages: readonly string[]): source is SourceFile & { readonly text: string } {
  return stored.hash === source.hash && stored.languages === languages.join(',') && source.text !== null && stored.bodyStart <= source.text.length;
}

/** The parsed item again, from what was stored and the file's text; its YAML is parsed again only if a position is asked for. */
export function itemFromStore(source: SourceFile & { readonly text: string }, stored: StoredItem, languages: readonly string[]): ParsedItem {
  const { lang, isTranslation, key } = identifyItemFile(source.relativePath, languages);
  return {
    source,
    key,
    lang,
    isTranslation,
    data: stored.data,
    explicitKeys: new Set(stored.explicitKeys),
    yaml: frontMatterOnDemand(source.displayPath, source.text),
    body: source.text.slice(stored.bodyStart),
    bodyStartLine: stored.bodyStartLine,
  };
}
