import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createDiagnosticSink, type DiagnosticSink } from '../diagnostics.js';
import type { SourceFile } from '../load/read-sources.js';
import { identifyItemFile, parseItemFile, type ParsedItem } from '../parse/item.js';
import type { TranslationInput } from '../parse/schemas.js';
import { frontMatterOnDemand } from '../parse/front-matter.js';
import { writeFileAtomically } from './body-cache.js';
import { pipelineVersion } from './pipeline-version.js';

/**
 * Item files parsed by earlier builds, kept in `<cacheDir>/items.json`: the
 * validated front matter of every file that parsed without a single problem,
 * by its path, bytes and the site's languages. Parsing front matter with
 * positions (the `yaml` package's document model) and validating it is most
 * of the parse stage; a file seen before is taken from here, and its YAML is
 * parsed again only if a later stage needs a position in it (to report a
 * problem the file causes together with others, such as an unknown term).
 */
export interface ParseCache {
  /** `parseItemFile`, or its remembered result. Files with problems are always parsed (so their problems are reported). */
  parse(source: SourceFile, languages: readonly string[], sink: DiagnosticSink): ParsedItem | null;
  /** Writes the entries of the files this build parsed or took (others are dropped). No-op without a folder. */
  save(): Promise<void>;
}

const FILE = 'items.json';

/** What is kept of a file that parsed cleanly. */
interface StoredItem {
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

interface StoredItems {
  readonly pipeline: string;
  /** By the file's path relative to the content folder. */
  readonly entries: Record<string, StoredItem>;
}

/** Opens the cache in `dir` (null: nothing is kept). A missing, damaged or foreign file is taken as empty. */
export async function openParseCache(dir: string | null): Promise<ParseCache> {
  let stored: Record<string, unknown> = {};
  if (dir) {
    try {
      const data = JSON.parse(await readFile(path.join(dir, FILE), 'utf8')) as StoredItems;
      if (data.pipeline === pipelineVersion() && typeof data.entries === 'object' && data.entries !== null) stored = data.entries;
    } catch {
      // first build, or a cache from elsewhere
    }
  }
  const used: Record<string, StoredItem> = {};
  return {
    parse(source, languages, sink) {
      const languageList = languages.join(',');
      const known: unknown = Object.hasOwn(stored, source.relativePath) ? stored[source.relativePath] : undefined;
      if (isStoredItem(known) && known.hash === source.hash && known.languages === languageList && source.text !== null && known.bodyStart <= source.text.length) {
        used[source.relativePath] = known;
        return itemFromStore(source, source.text, known, languages);
      }
      const own = createDiagnosticSink();
      const parsed = parseItemFile(source, languages, own);
      for (const diagnostic of own.list) sink.report(diagnostic);
      // The body is kept as where it starts in the text: only when it is the text's end, as gray-matter leaves it.
      if (dir && parsed && own.list.length === 0 && source.text !== null && source.text.endsWith(parsed.body)) {
        const bodyStart = source.text.length - parsed.body.length;
        used[source.relativePath] = { hash: source.hash, languages: languageList, data: parsed.data, explicitKeys: [...parsed.explicitKeys], bodyStart, bodyStartLine: parsed.bodyStartLine };
      }
      return parsed;
    },
    async save() {
      if (!dir) return;
      await writeFileAtomically(path.join(dir, FILE), JSON.stringify({ pipeline: pipelineVersion(), entries: used } satisfies StoredItems));
    },
  };
}

/** The shape of an entry (its `data` was validated when it was stored, under the same pipeline version). */
function isStoredItem(value: unknown): value is StoredItem {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry['hash'] === 'string' &&
    typeof entry['languages'] === 'string' &&
    typeof entry['data'] === 'object' &&
    entry['data'] !== null &&
    Array.isArray(entry['explicitKeys']) &&
    entry['explicitKeys'].every((key) => typeof key === 'string') &&
    Number.isInteger(entry['bodyStart']) &&
    Number.isInteger(entry['bodyStartLine'])
  );
}

function itemFromStore(source: SourceFile, text: string, stored: StoredItem, languages: readonly string[]): ParsedItem {
  const { lang, isTranslation, key } = identifyItemFile(source.relativePath, languages);
  return {
    source,
    key,
    lang,
    isTranslation,
    data: stored.data,
    explicitKeys: new Set(stored.explicitKeys),
    yaml: frontMatterOnDemand(source.displayPath, text),
    body: text.slice(stored.bodyStart),
    bodyStartLine: stored.bodyStartLine,
  };
}
