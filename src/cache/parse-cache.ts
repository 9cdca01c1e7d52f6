import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createDiagnosticSink, type DiagnosticSink } from '../diagnostics.js';
import type { SourceFile } from '../load/read-sources.js';
import { parseItemFile, type ParsedItem } from '../parse/item.js';
import { itemFromStore, storedItemFits, storedItemOf, type StoredItem } from '../parse/stored-item.js';
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
  /** Whether an entry was stored for these bytes at this path (content-relative): the load stage need not decode them. */
  knows(relativePath: string, hash: string): boolean;
  /** Writes the entries of the files this build parsed or took (others are dropped). No-op without a folder. */
  save(): Promise<void>;
}

const FILE = 'items.json';

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
  const entryAt = (relativePath: string): StoredItem | null => {
    const known: unknown = Object.hasOwn(stored, relativePath) ? stored[relativePath] : undefined;
    return isStoredItem(known) ? known : null;
  };
  return {
    knows(relativePath, hash) {
      return entryAt(relativePath)?.hash === hash;
    },
    parse(source, languages, sink) {
      const known = entryAt(source.relativePath);
      if (known && storedItemFits(known, source, languages)) {
        used[source.relativePath] = known;
        return itemFromStore(source, known, languages);
      }
      const own = createDiagnosticSink();
      const parsed = parseItemFile(source, languages, own);
      for (const diagnostic of own.list) sink.report(diagnostic);
      const storable = parsed && own.list.length === 0 ? storedItemOf(parsed, languages) : null;
      if (!storable) return parsed;
      if (dir) used[source.relativePath] = storable;
      // As it would be taken from the cache: its YAML tree (about 3 KB an item) is let go now, not after the model.
      return itemFromStore(source, storable, languages);
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
    Number.isInteger(entry['bodyStartLine']) &&
    isStoredBodyFacts(entry['bodyFacts'])
  );
}

function isStoredBodyFacts(value: unknown): value is StoredItem['bodyFacts'] {
  if (typeof value !== 'object' || value === null) return false;
  const facts = value as Record<string, unknown>;
  return Number.isInteger(facts['start']) && typeof facts['hash'] === 'string' && isNesting(facts['nesting']) && Number.isInteger(facts['linesBeforeText']);
}

function isNesting(value: unknown): value is StoredItem['bodyFacts']['nesting'] {
  if (typeof value !== 'object' || value === null) return false;
  const nesting = value as Record<string, unknown>;
  return Number.isInteger(nesting['depth']) && Number.isInteger(nesting['line']);
}
