import { readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { decodeSourceText, hashSourceBytes } from './source-bytes.js';
import { findInvalidUtf8, positionOfByte } from './utf8.js';

/** One input file, read once. */
export interface SourceFile {
  /** Path shown in diagnostics: relative to the working directory, `/`-separated. */
  readonly displayPath: string;
  /** Path relative to its root folder (content or templates), `/`-separated. */
  readonly relativePath: string;
  readonly absolutePath: string;
  /** Text with a leading byte-order mark removed and CRLF turned into LF; null when not valid UTF-8. */
  readonly text: string | null;
  /** When `text` is null: the line and column of the first byte that is not UTF-8. */
  readonly invalidAt?: { readonly line: number; readonly column: number } | undefined;
  /** sha256 of the raw bytes. */
  readonly hash: string;
}

export interface ContentSources {
  readonly contentDir: string;
  readonly site: SourceFile | null;
  readonly vocabularies: SourceFile[];
  readonly items: SourceFile[];
}

/**
 * Whether a file may stay undecoded until its text is asked for: true for an
 * item the parse cache knows by these very bytes (see `itemFromStore`).
 */
export type DecodeLater = (relativePath: string, hash: string) => boolean;

/**
 * Reads one file; decoding errors become `text: null` rather than an exception.
 * The read is synchronous: the load stage reads thousands of small files with
 * nothing else to do meanwhile, and reading them one after another takes a
 * quarter of the time the promise API's file handles take (measured: 4,000
 * items, 130 ms against 500 ms).
 *
 * A file `decodeLater` names keeps its bytes and is decoded when `text` (or
 * `invalidAt`) is first read, which a publish never does for an unchanged
 * item. Every other file is decoded now: holding every file's bytes until the
 * parse stage decodes it raised a cold build's peak memory.
 */
export async function readSourceFile(root: string, relativePath: string, cwd: string, decodeLater?: DecodeLater): Promise<SourceFile> {
  const absolutePath = path.resolve(root, relativePath);
  const bytes = readFileSync(absolutePath);
  const hash = hashSourceBytes(bytes);
  const where = { displayPath: toPosix(path.relative(cwd, absolutePath)) || relativePath, relativePath: toPosix(relativePath), absolutePath, hash };
  if (decodeLater?.(where.relativePath, hash)) return undecodedSourceFile(bytes, where);
  return { ...where, ...decodeSource(bytes) };
}

function decodeSource(bytes: Uint8Array): Pick<SourceFile, 'text' | 'invalidAt'> {
  try {
    return { text: decodeSourceText(bytes) };
  } catch {
    const offset = findInvalidUtf8(bytes);
    return { text: null, invalidAt: positionOfByte(bytes, offset < 0 ? 0 : offset) };
  }
}

/** A `SourceFile` of `bytes`, decoded once, on first use; the bytes are let go then. */
function undecodedSourceFile(bytes: Uint8Array, where: Pick<SourceFile, 'displayPath' | 'relativePath' | 'absolutePath' | 'hash'>): SourceFile {
  let undecoded: Uint8Array | null = bytes;
  let decoded: Pick<SourceFile, 'text' | 'invalidAt'> = { text: null };
  const decode = (): Pick<SourceFile, 'text' | 'invalidAt'> => {
    if (undecoded !== null) {
      decoded = decodeSource(undecoded);
      undecoded = null;
    }
    return decoded;
  };
  return {
    ...where,
    get text() {
      return decode().text;
    },
    get invalidAt() {
      return decode().invalidAt;
    },
  };
}

/**
 * A file's text read again, as `readSourceFile` decodes it; '' when it can
 * no longer be read. Only to place a diagnostic found late in a build (a
 * broken link in an item's text): a build does not keep every item's text
 * until its last page is rendered just for the rare file that needs it.
 */
export function rereadSourceText(absolutePath: string): string {
  try {
    return decodeSourceText(readFileSync(absolutePath));
  } catch {
    return '';
  }
}

/** Finds files under `root`, sorted by code unit so the file system's order never matters. */
export async function discoverFiles(root: string, patterns: string[]): Promise<string[]> {
  const found = await fg(patterns, { cwd: root, onlyFiles: true, dot: false, followSymbolicLinks: false });
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The load stage: the only place content files are read. Items `decodeLater` names are decoded only if their text is read. */
export async function loadContentSources(contentDir: string, cwd: string, decodeLater?: DecodeLater): Promise<ContentSources> {
  const [sitePaths, vocabularyPaths, itemPaths] = await Promise.all([
    discoverFiles(contentDir, ['site.yaml']),
    discoverFiles(contentDir, ['taxonomies/*.yaml', 'taxonomies/*.yml']),
    discoverFiles(contentDir, ['news/**/*.md']),
  ]);
  const read = (relativePath: string): Promise<SourceFile> => readSourceFile(contentDir, relativePath, cwd);
  const [site, vocabularies, items] = await Promise.all([
    sitePaths[0] ? read(sitePaths[0]) : Promise.resolve(null),
    Promise.all(vocabularyPaths.map(read)),
    Promise.all(itemPaths.map((relativePath) => readSourceFile(contentDir, relativePath, cwd, decodeLater))),
  ]);
  return { contentDir, site, vocabularies, items };
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Where to report that a file is not UTF-8: its first bad byte, or its start. */
export function invalidUtf8Position(source: SourceFile): { file: string; line: number; column: number } {
  return { file: source.displayPath, line: source.invalidAt?.line ?? 1, column: source.invalidAt?.column ?? 1 };
}
