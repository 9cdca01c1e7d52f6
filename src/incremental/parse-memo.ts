import { createDiagnosticSink, type Diagnostic, type DiagnosticSink } from '../diagnostics.js';
import type { SourceFile } from '../load/read-sources.js';
import { parseItemFile, type ParsedItem } from '../parse/item.js';
import { frontMatterOnDemand } from '../parse/front-matter.js';

/** Parsed item files of earlier builds in the same session, by display path. */
export type ParseMemo = Map<string, { readonly key: string; readonly parsed: ParsedItem | null; readonly diagnostics: readonly Diagnostic[] }>;

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
    // A file that parsed cleanly keeps no YAML tree between builds: its positions are parsed again if a problem needs them.
    const kept = parsed && own.list.length === 0 && source.text !== null ? { ...parsed, yaml: frontMatterOnDemand(source.displayPath, source.text) } : parsed;
    entry = { key, parsed: kept, diagnostics: own.list };
    memo.set(source.displayPath, entry);
  }
  for (const diagnostic of entry.diagnostics) sink.report(diagnostic);
  // The memoized item keeps the first source object; the new one has the same bytes, but is what later stages read.
  return entry.parsed ? { ...entry.parsed, source } : null;
}
