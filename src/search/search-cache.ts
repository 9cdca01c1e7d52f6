import { readdirSync, statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../cache/body-cache.js';
import { untouchedFileInodes } from '../cache/output-manifest.js';

/**
 * `<cacheDir>/search.json`: what the last successful build wrote for each
 * search shard, so that the next build can hard-link a shard whose input did
 * not change instead of asking Pagefind to build it again.
 */
export interface SearchCache {
  /** Pagefind's version, platform and setup the shards were built with; another one reuses nothing. */
  readonly identity: string;
  /** Absolute output folder (`--out`) the files below are in. */
  readonly outDir: string;
  /** The fingerprint of the build that wrote them (see `fingerprintInputs`), or null. */
  readonly build: string | null;
  /** Shard name → its entry. */
  readonly shards: Readonly<Record<string, ShardEntry>>;
  /**
   * The bundle's files outside every shard's folder (the UI entry files and
   * `shards.json`; the whole bundle when it has no shards), `/`-separated
   * paths relative to the output folder → [size, mtimeMs] as published.
   */
  readonly entryFiles: Readonly<Record<string, readonly [number, number]>>;
}

export interface ShardEntry {
  /** Hash of what the shard was built from: the identity and every page's hash, in order (see `pagefind-index.ts`). */
  readonly key: string;
  /** Hash of each page's path and searchable HTML, in the order the pages were added. */
  readonly pages: readonly string[];
  /** Output path of each page, in the same order. */
  readonly pagePaths: readonly string[];
  /** The sha256 of each page's bytes as published, in the same order (so an unchanged page need not be read). */
  readonly pageFiles: readonly string[];
  /** Every file of the shard's bundle, relative to the output folder, `/`-separated → [size, mtimeMs] as written. */
  readonly files: Readonly<Record<string, readonly [number, number]>>;
}

const FILE = 'search.json';
/** Bump when the file's meaning changes. */
const VERSION = 4;

const fileStamps = z.record(z.string(), z.tuple([z.number(), z.number()]));

const cacheSchema = z.object({
  version: z.literal(VERSION),
  identity: z.string(),
  outDir: z.string(),
  build: z.string().nullable(),
  shards: z.record(z.string(), z.object({ key: z.string(), pages: z.array(z.string()), pagePaths: z.array(z.string()), pageFiles: z.array(z.string()), files: fileStamps })),
  entryFiles: fileStamps,
});

/**
 * What the last build recorded for `outDir` and `identity` (its build's
 * fingerprint and its shards), or no shards when the file is missing,
 * damaged, foreign, or describes another output folder or Pagefind: the
 * shards are then built, never an error.
 */
export async function readSearchCache(cacheDir: string, outDir: string, identity: string): Promise<Pick<SearchCache, 'build' | 'shards' | 'entryFiles'>> {
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(await readFile(path.join(cacheDir, FILE), 'utf8')));
    if (parsed.success && parsed.data.outDir === outDir && parsed.data.identity === identity) return parsed.data;
  } catch {
    // unreadable: nothing to reuse
  }
  return { build: null, shards: {}, entryFiles: {} };
}

/** Writes the cache file atomically (write, then rename). */
export async function writeSearchCache(cacheDir: string, cache: SearchCache): Promise<void> {
  const shards = Object.fromEntries(Object.keys(cache.shards).sort().map((name) => [name, cache.shards[name]]));
  await writeFileAtomically(path.join(cacheDir, FILE), JSON.stringify({ version: VERSION, identity: cache.identity, outDir: cache.outDir, build: cache.build, shards, entryFiles: cache.entryFiles }));
}

/**
 * Each file of the entry by its inode, when every one is still under `root` with the size and modification time it
 * was written with; else null, so that a shard touched by hand (or a deleted output) is built again rather than reused.
 */
export function shardFileInodes(root: string, entry: ShardEntry): Map<string, number> | null {
  return untouchedFileInodes(root, stampList(entry.files));
}

/**
 * True when the whole bundle the cache records (every shard's files and the
 * entry files) is still under `root` as it was published: a build that
 * otherwise has nothing to do must not leave a search bundle touched by hand.
 */
export function bundleIntact(root: string, cache: Pick<SearchCache, 'shards' | 'entryFiles'>): boolean {
  const files = [cache.entryFiles, ...Object.values(cache.shards).map((entry) => entry.files)].flatMap(stampList);
  return untouchedFileInodes(root, files) !== null;
}

function stampList(files: Readonly<Record<string, readonly [number, number]>>): (readonly [string, number, number])[] {
  return Object.entries(files).map(([file, [size, mtimeMs]]) => [file, size, mtimeMs] as const);
}

/** Every file under `root/folder` as the cache records it: path relative to `root` → [size, mtimeMs], sorted. */
export function describeFiles(root: string, folder: string): Record<string, [number, number]> {
  return Object.fromEntries([...statFilesUnder(root, folder)].map(([file, info]) => [file, [info.size, info.mtimeMs]]));
}

/**
 * Every file under `root/folder`, by its path relative to `root` (`/`-separated), with its stats, in path order. Read
 * synchronously, like `untouchedFileInodes` and for the same reason: a shard has a file per page.
 */
export function statFilesUnder(root: string, folder: string): Map<string, Stats> {
  const found: (readonly [string, Stats])[] = [];
  // Readdir's own `recursive` names the parent as `path` or `parentPath` depending on the Node 20 minor: walk by hand.
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) found.push([child, statSync(path.join(root, child))]);
    }
  };
  walk(folder);
  return new Map(found.sort(([a], [b]) => (a < b ? -1 : 1)));
}
