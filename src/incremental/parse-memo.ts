import { createDiagnosticSink, type Diagnostic, type DiagnosticSink } from '../diagnostics.js';
import { rereadSourceText, type SourceFile } from '../load/read-sources.js';
import { frontMatterOnDemand } from '../parse/front-matter.js';
import { parseItemFile, type ParsedItem } from '../parse/item.js';
import { itemFromStore, storedItemOf, type StoredItem } from '../parse/stored-item.js';

/**
 * Parsed item files of earlier builds in the same session, by display path: a
 * file that parsed cleanly as a `StoredItem` (no text: a session would
 * otherwise hold every item's text between builds), any other as parsed.
 */
export type ParseMemo = Map<string, { readonly key: string; readonly stored: StoredItem | null; readonly parsed: ParsedItem | null; readonly diagnostics: readonly Diagnostic[] }>;

export function createParseMemo(): ParseMemo {
  return new Map();
}

/**
 * `parseItemFile`, remembering its result (and the problems it reported) for
 * each file: a file whose bytes and whose site's languages are unchanged is
 * not parsed again. Parsing is pure, so the result is the same either way.
 */
export function parseItemFileMemoized(source: SourceFile, languages: readonly string[], sink: DiagnosticSink, memo: ParseMemo | undefined): ParsedItem | null {
  if (!memo) return parseItemFile(source, languages, sink);
  const key = `${source.hash}\0${source.relativePath}\0${languages.join(',')}`;
  let entry = memo.get(source.displayPath);
  if (!entry || entry.key !== key) {
    const own = createDiagnosticSink();
    const parsed = parseItemFile(source, languages, own);
    const stored = parsed && own.list.length === 0 ? storedItemOf(parsed, languages) : null;
    entry = { key, stored, parsed: stored ? null : parsed, diagnostics: own.list };
    memo.set(source.displayPath, entry);
  }
  for (const diagnostic of entry.diagnostics) sink.report(diagnostic);
  // The entry's key holds the bytes' hash and the languages, so its stored item fits these bytes.
  if (entry.stored) return itemFromStore(source, entry.stored, languages);
  // The memoized item keeps the first source object; the new one has the same bytes, but is what later stages read.
  return entry.parsed ? { ...entry.parsed, source } : null;
}

/**
 * A parsed item to keep after its build (a session's last build, for the next
 * patch), without its text: its body is dropped, and its YAML, should a
 * position in it be asked for, is parsed again from the file.
 */
export function withoutText(item: ParsedItem): ParsedItem {
  const { absolutePath, displayPath, relativePath, hash } = item.source;
  // Built field by field: spreading the item or its source would read (and so decode) what is being dropped.
  return {
    source: { displayPath, relativePath, absolutePath, hash, text: null },
    key: item.key,
    lang: item.lang,
    isTranslation: item.isTranslation,
    data: item.data,
    explicitKeys: item.explicitKeys,
    yaml: frontMatterOnDemand(displayPath, () => rereadSourceText(absolutePath)),
    body: '',
    bodyStartLine: item.bodyStartLine,
    bodyFacts: item.bodyFacts,
  };
}
