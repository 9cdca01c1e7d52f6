import { createHash } from 'node:crypto';
import { readFileSync, type Stats } from 'node:fs';
import { link, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import type { SiteFile } from '../render/render-site.js';
import { hashContent } from '../cache/output-manifest.js';
import { orderSearchShards, SEARCH_BUNDLE_DIR, SEARCH_BUNDLE_ENTRY_FILES, SEARCH_SHARDS_FILE } from './bundle-files.js';
import { bundleIntact, describeFiles, readSearchCache, shardFileInodes, statFilesUnder, writeSearchCache, type ShardEntry } from './search-cache.js';
import { searchableHtml } from './searchable-html.js';
import { unpacked } from '../render/packed-html.js';

/** Raised when Pagefind reports problems; the build turns it into a diagnostic and keeps the old site. */
export class SearchIndexError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Pagefind could not build the search index: ${problems.join('; ')}`);
    this.name = 'SearchIndexError';
    this.problems = problems;
  }
}

/** Pages sent to Pagefind at a time: enough to keep it busy, few enough not to queue the whole site in memory. */
const IN_FLIGHT = 32;
/** Hard links made at a time when a shard is reused. */
const LINKS_IN_FLIGHT = 64;
/**
 * Pages of a shard with a previous build kept in memory while they match
 * that build's, page for page. If a page differs among the first ones (a new
 * item is usually among the newest of its period, which come first), the
 * shard starts streaming to Pagefind then, from these pages on; past them, its
 * pages are read back from the staging folder at the end. About 11 KB each.
 */
const KEPT_WHILE_MATCHING = 512;

/** How every index is created. Part of each shard's key, so changing it rebuilds every shard. */
const INDEX_CONFIG = {
  rootSelector: 'html',
  // Pagefind's default "keepIndexUrl: false" strips index.html, matching our URLs.
  writePlayground: false,
} as const satisfies pagefind.PagefindServiceConfig;

/** Bump when the shards' layout or what their key covers changes. */
const SHARD_LAYOUT = 1;

/** The shard of pages holding `data-pagefind-body` that `shards` does not name (a custom template marking a list page). */
const OTHER_SHARD = 'pages';

export interface SearchIndexOptions {
  /**
   * Output path of each page (`news/x/index.html`) → the name of the shard
   * it is indexed in, which is also the shard's folder under `pagefind/`.
   * Marked pages not listed go to the shard `pages`. Default: none listed.
   */
  readonly shards?: ReadonlyMap<string, string>;
  /**
   * Folder of the build cache, where `search.json` records each shard's key
   * and files for the next build. Default null: nothing is reused or
   * recorded, every shard is built.
   */
  readonly cacheDir?: string | null;
  /** The output folder (`--out`) whose previous shards may be reused. Needed with `cacheDir`. */
  readonly outDir?: string;
  /**
   * The fingerprint of the build whose output `outDir` holds (from its
   * manifest). When the cache was recorded by that build, a published copy
   * (a page kept unchanged) the cache does not list was not marked, and is
   * not read to find out. Default null: such a page is read.
   */
  readonly previousBuild?: string | null;
  /** The fingerprint of this build, recorded in the cache. Default null. */
  readonly thisBuild?: string | null;
  /** Pages of a shard kept in memory while they match the previous build's (see `KEPT_WHILE_MATCHING`). Default 512; tests lower it. */
  readonly keptWhileMatching?: number;
}

/** What `writeTo` did with each shard (reports and tests). */
export interface SearchIndexSummary {
  /** Shards hard-linked from the previous output, in shard order. */
  readonly reused: readonly string[];
  /** Shards Pagefind built, in shard order. */
  readonly built: readonly string[];
}

/** A search index being built in Pagefind's own process. */
export interface SearchIndexing {
  /**
   * Hands over one output file as soon as it is rendered (files other than
   * HTML pages holding `data-pagefind-body` are ignored). A page of a shard
   * that may still be reused (every page so far equals the previous build's)
   * is only hashed; other pages go to Pagefind at once. A published copy the
   * last build indexed is not even read until Pagefind needs it.
   * Resolves once Pagefind's queue has room again, so a fast renderer does
   * not pile up pages in memory.
   */
  add(file: SiteFile): Promise<void>;
  /**
   * Where a shard may be written as soon as its last page is in (the staging
   * folder, known once it is open), rather than with the others in `writeTo`:
   * Pagefind then writes it while the site is still rendering, and lets its
   * index go. Optional; `writeTo` writes what was not written early.
   */
  writeShardsEarlyInto(siteDir: string): void;
  /**
   * Stops writing shards early and waits for a write in progress: call it
   * before deleting the folder given to `writeShardsEarlyInto` (a build that
   * failed), or Pagefind could be writing into it while it is deleted.
   */
  stopEarlyWrites(): Promise<void>;
  /**
   * Waits for every page to be indexed, then fills `siteDir/pagefind/`: each
   * shard's bundle in `pagefind/<shard>/` (hard-linked from the previous
   * output when its key is unchanged and its files are untouched, built by
   * Pagefind otherwise, from the pages written in `siteDir` when they were
   * not sent as they came), the UI files at the top, and `shards.json`.
   * Stops Pagefind.
   * @throws SearchIndexError when Pagefind reported an error.
   */
  writeTo(siteDir: string): Promise<SearchIndexSummary>;
  /** Records the shards for the next build in `<cacheDir>/search.json`; call once the site is published. No-op without a cache. */
  saveCache(): Promise<void>;
  /** Stops Pagefind without writing (the build failed elsewhere). Safe to call twice. */
  cancel(): Promise<void>;
}

interface HtmlPage {
  readonly sourcePath: string;
  readonly content: string;
}

/** A page for Pagefind: its searchable HTML, or the published file to read it from when Pagefind needs it. */
type SearchPage = HtmlPage | { readonly sourcePath: string; readonly source: string };

/** What the last build recorded, as this build uses it. */
interface PreviousIndex {
  /** Shards whose files are still there untouched. */
  readonly intact: Map<string, ShardEntry>;
  /** Each intact shard's files' inodes, as that check saw them (the shard is hard-linked from those very files). */
  readonly inodes: Map<string, ReadonlyMap<string, number>>;
  /** `path NUL sha256 of the page's bytes` → the page's hash, for every page the last build indexed. */
  readonly pageHashes: Map<string, string>;
  /** The record is the previous output's own: a published copy it does not list was not marked. */
  readonly describesPreviousOutput: boolean;
}

interface Shard {
  readonly name: string;
  /** Hash of each page's path and searchable HTML, in the order added (with a cache only). */
  readonly pageHashes: string[];
  /** The sha256 of each page's bytes, in the order added (with a cache only). */
  readonly pageFiles: string[];
  /** Output paths of its pages, in the order added, to read them back from the staging folder. */
  readonly paths: string[];
  /** Its index in Pagefind once its pages are sent as they come; null while they are only hashed. */
  index: Promise<pagefind.PagefindIndex> | null;
  /** The previous build's page hashes while every page so far equals them; null otherwise. */
  previous: readonly string[] | null;
  /** The pages so far, while they match the previous build's and are few enough to keep; null otherwise. */
  kept: SearchPage[] | null;
}

/**
 * Starts the search index. The index is split into shards (by default one
 * per period of years, see `build.ts`), each its own Pagefind index and
 * bundle, because Pagefind cannot update an index: a shard whose pages did
 * not change since the last build is reused from the previous output as it
 * is, and only the others are built. Pagefind runs in its own process, on
 * another core; pages of shards with nothing to reuse are sent to it as the
 * build renders them, so a cold build indexes while it renders.
 *
 * Only regions marked `data-pagefind-body` are indexed (the item pages'
 * articles), so navigation, lists and overviews never appear in results,
 * and only pages holding that mark are sent (Pagefind would ignore the
 * others); if no page holds it, every page of the written folder is indexed
 * into one bundle at `pagefind/`, as Pagefind does.
 */
export function startSearchIndex(options: SearchIndexOptions = {}): SearchIndexing {
  const shardOf = options.shards ?? new Map<string, string>();
  const cacheDir = options.cacheDir ?? null;
  const outDir = options.outDir ?? null;
  const keptWhileMatching = options.keptWhileMatching ?? KEPT_WHILE_MATCHING;
  // Looked up while the site renders; a shard whose files are gone or touched is treated as new, so it streams.
  const previous: Promise<PreviousIndex> = cacheDir && outDir
    ? readPreviousIndex(cacheDir, outDir, options.previousBuild ?? null)
    : Promise.resolve({ intact: new Map(), inodes: new Map(), pageHashes: new Map(), describesPreviousOutput: false });
  void previous.catch(() => undefined);
  const shards = new Map<string, Shard>();
  const problems: string[] = [];
  let closed = false;
  let sentMarked = 0;
  let written: { names: readonly string[]; entries: Map<string, ShardEntry> } | null = null;
  const roomWaiters: (() => void)[] = [];
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const resolve of roomWaiters.splice(0)) resolve();
    await pagefind.close();
  };

  // Pages waiting to be sent: Pagefind's service handles one message at a time, in the order sent, so each index
  // receives its pages in the order they were added, which is what makes its bundle deterministic. A page read
  // from disk is read ahead, but sent only after the pages queued before it.
  // A shard written early is a message in the same order, after its last page.
  type Message = { readonly index: Promise<pagefind.PagefindIndex>; readonly page: Promise<HtmlPage> } | { readonly write: () => Promise<{ readonly errors: readonly string[] }> };
  const queue: Message[] = [];
  let sentInOrder: Promise<unknown> = Promise.resolve();
  let running = 0;
  let drained: (() => void) | null = null;
  const pump = (): void => {
    while (running < IN_FLIGHT && queue.length > 0) {
      const message = queue.shift() as Message;
      running += 1;
      // The response is wrapped so that the next page waits for this one's sending, not for Pagefind's answer.
      const sent = sentInOrder.then(async () => ({ response: 'write' in message ? message.write() : (await message.index).addHTMLFile(await message.page) }));
      sentInOrder = sent.catch(() => undefined);
      sent
        .then(({ response }) => response)
        .then(
          (response) => problems.push(...response.errors),
          (error: unknown) => problems.push(messageOf(error)),
        )
        .finally(() => {
          running -= 1;
          pump();
          if (queue.length < IN_FLIGHT) for (const resolve of roomWaiters.splice(0)) resolve();
          if (running === 0 && queue.length === 0) drained?.();
        });
    }
  };
  const allIndexed = (): Promise<void> =>
    running === 0 && queue.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));

  const enqueue = (index: Promise<pagefind.PagefindIndex>, page: SearchPage): void => {
    const loaded = 'content' in page ? Promise.resolve(page) : readFile(page.source, 'utf8').then((html) => ({ sourcePath: page.sourcePath, content: searchableHtml(html) }));
    void loaded.catch(() => undefined);
    queue.push({ index, page: loaded });
    pump();
  };

  // The page for Pagefind with its hash and its file's, or null for a page not marked for search. A published copy
  // the last build indexed is not read: its bytes are those the cache lists.
  const prepare = async (file: SiteFile): Promise<{ page: SearchPage; hash: string; fileHash: string } | null> => {
    let content: string | Uint8Array;
    if ('source' in file) {
      const before = await previous;
      const known = before.pageHashes.get(`${file.path}\0${file.hash}`);
      if (known !== undefined) return { page: { sourcePath: file.path, source: file.source }, hash: known, fileHash: file.hash };
      if (before.describesPreviousOutput) return null;
      content = await readFile(file.source, 'utf8');
    } else {
      content = unpacked(file.content);
    }
    if (typeof content !== 'string' || !content.includes('data-pagefind-body')) return null;
    const page: HtmlPage = { sourcePath: file.path, content: searchableHtml(content) };
    if (!cacheDir) return { page, hash: '', fileHash: '' };
    return { page, hash: pageHash(page), fileHash: file.hash ?? hashContent(content) };
  };

  // Pages each shard is still to receive, to know when its last page is in (see `writeShardsEarlyInto`).
  const pagesLeft = new Map<string, number>();
  for (const name of shardOf.values()) pagesLeft.set(name, (pagesLeft.get(name) ?? 0) + 1);
  let earlyDir: string | null = null;
  const writtenEarly = new Set<string>();
  const pageIsIn = (file: string): void => {
    const name = shardOf.get(file);
    if (name === undefined) return;
    const left = (pagesLeft.get(name) ?? 0) - 1;
    pagesLeft.set(name, left);
    const shard = shards.get(name);
    // Only a shard streaming to Pagefind: one still matching the last build's, or built from disk, waits for `writeTo`.
    if (left !== 0 || earlyDir === null || !shard?.index || closed) return;
    const { index } = shard;
    const folder = path.join(earlyDir, SEARCH_BUNDLE_DIR, name);
    writtenEarly.add(name);
    // Skipped once early writes are stopped (the build failed, and the folder is about to go).
    queue.push({ write: async () => (earlyDir === null ? { errors: [] } : writeBundle(await index, folder, { thenDelete: true })) });
    pump();
  };

  const shardNamed = (name: string, entry: ShardEntry | undefined): Shard => {
    let shard = shards.get(name);
    if (!shard) {
      shard = { name, pageHashes: [], pageFiles: [], paths: [], index: entry ? null : createShardIndex(), previous: entry?.pages ?? null, kept: entry ? [] : null };
      shards.set(name, shard);
    }
    return shard;
  };

  /** Builds one shard into `siteDir/pagefind/<name>/`, reading its pages back from `siteDir` if they were only hashed. */
  const buildShard = async (siteDir: string, shard: Shard): Promise<void> => {
    if (!shard.index) {
      shard.index = createShardIndex();
      await addFromDisk(await shard.index, siteDir, shard.paths, shard.pageHashes, problems);
      if (problems.length > 0) throw new SearchIndexError(problems);
    }
    const result = await writeBundle(await shard.index, path.join(siteDir, SEARCH_BUNDLE_DIR, shard.name));
    if (result.errors.length > 0) throw new SearchIndexError(result.errors);
  };

  /** `add`, less the count of pages each shard is still to receive. */
  const addPage = async (file: SiteFile): Promise<void> => {
    const prepared = await prepare(file);
    if (!prepared) return;
    const { page } = prepared;
    sentMarked += 1;
    const name = shardOf.get(file.path) ?? OTHER_SHARD;
    const shard = shardNamed(name, (await previous).intact.get(name));
    const position = shard.paths.length;
    shard.paths.push(file.path);
    if (cacheDir) {
      shard.pageHashes.push(prepared.hash);
      shard.pageFiles.push(prepared.fileHash);
    }
    if (shard.previous) {
      if (shard.previous[position] === prepared.hash) {
        shard.kept?.push(page);
        if (shard.kept && shard.kept.length >= keptWhileMatching) shard.kept = null;
        return;
      }
      // The first page that differs: the shard will be built. Pagefind gets its pages from here on if the ones
      // before are still in memory; otherwise they are all read back at the end.
      shard.previous = null;
      const before = shard.kept;
      shard.kept = null;
      if (!before) return;
      const index = createShardIndex();
      shard.index = index;
      for (const earlier of before) enqueue(index, earlier);
    }
    if (!shard.index) return;
    enqueue(shard.index, page);
    if (queue.length >= IN_FLIGHT) await new Promise<void>((resolve) => roomWaiters.push(resolve));
  };

  return {
    async add(file) {
      if (closed || !file.path.endsWith('.html')) return;
      try {
        await addPage(file);
      } finally {
        pageIsIn(file.path);
      }
    },

    writeShardsEarlyInto(siteDir) {
      earlyDir = siteDir;
    },

    async stopEarlyWrites() {
      earlyDir = null;
      await allIndexed();
    },

    async writeTo(siteDir) {
      try {
        await allIndexed();
        if (problems.length > 0) throw new SearchIndexError(problems);
        if (sentMarked === 0) {
          // A spare build folder (see atomic-output.ts) holds the bundle of the build before last.
          await rm(path.join(siteDir, SEARCH_BUNDLE_DIR), { recursive: true, force: true });
          await writeWholeSite(siteDir, problems);
          written = { names: [], entries: new Map() };
          return { reused: [], built: [] };
        }
        const entries = new Map<string, ShardEntry>();
        const names = orderSearchShards(shards.keys());
        const { intact: reusable, inodes } = await previous;
        const toReuse: { shard: Shard; entry: ShardEntry }[] = [];
        const toBuild: Shard[] = [];
        for (const name of names) {
          const shard = shards.get(name) as Shard;
          const entry = reusable.get(name);
          if (!shard.index && entry && shardKey(shard.pageHashes) === entry.key) toReuse.push({ shard, entry });
          else toBuild.push(shard);
        }
        if (earlyDir !== null && earlyDir !== siteDir) throw new Error('writeTo must write into the folder given to writeShardsEarlyInto');
        await removeOtherBundles(siteDir, new Set([...toReuse.map(({ shard }) => shard.name), ...writtenEarly]));
        // Linking is file system work only: it runs while Pagefind builds the other shards.
        const linking = Promise.all(toReuse.map(async ({ shard, entry }) => ({ shard, entry, linked: await linkShard(outDir as string, siteDir, shard.name, entry, inodes.get(shard.name)) })));
        const built = new Set<string>();
        const buildAndRecord = async (shard: Shard): Promise<void> => {
          // A shard written while the site rendered (its index is gone since) was written by the time all was indexed.
          if (!writtenEarly.has(shard.name)) await buildShard(siteDir, shard);
          built.add(shard.name);
          if (!cacheDir) return;
          entries.set(shard.name, entryOf(shard, describeFiles(siteDir, `${SEARCH_BUNDLE_DIR}/${shard.name}`)));
        };
        try {
          for (const shard of toBuild) await buildAndRecord(shard);
          for (const { shard, entry, linked } of await linking) {
            // The same searchable pages; their files' bytes (outside what is indexed) may differ from the last build's.
            if (linked) entries.set(shard.name, entryOf(shard, entry.files));
            // Its previous files changed or vanished while this build ran: build it after all.
            else await buildAndRecord(shard);
          }
        } finally {
          // Whatever failed, no link is still being made into the folder when this returns.
          await linking.catch(() => undefined);
        }
        await writeShardList(siteDir, names);
        written = { names, entries };
        return { reused: names.filter((name) => !built.has(name)), built: names.filter((name) => built.has(name)) };
      } finally {
        await close();
      }
    },

    async saveCache() {
      if (!cacheDir || !outDir || !written) return;
      const { names, entries } = written;
      const shardEntries = Object.fromEntries(names.flatMap((name) => {
        const entry = entries.get(name);
        return entry ? [[name, entry] as const] : [];
      }));
      // Unsharded (no page was marked), the whole bundle is outside any shard.
      const entryFiles = names.length === 0 ? describeFiles(outDir, SEARCH_BUNDLE_DIR) : await describeTopFiles(outDir);
      await writeSearchCache(cacheDir, { identity: indexIdentity(), outDir, build: options.thisBuild ?? null, shards: shardEntries, entryFiles });
    },

    cancel: close,
  };
}

/**
 * True when the search bundle in `outDir` is the one the build with fingerprint
 * `build` published there and nobody has touched it since.
 */
export async function searchBundleUntouched(cacheDir: string, outDir: string, build: string): Promise<boolean> {
  const recorded = await readSearchCache(cacheDir, outDir, indexIdentity());
  return recorded.build === build && bundleIntact(outDir, recorded);
}

/** The bundle's entry files and shard list as the search cache records them (see `SearchCache.entryFiles`). */
async function describeTopFiles(outDir: string): Promise<Record<string, readonly [number, number]>> {
  const files = [...SEARCH_BUNDLE_ENTRY_FILES, SEARCH_SHARDS_FILE];
  return Object.fromEntries(await Promise.all(files.map(async (file) => {
    const info = await stat(path.join(outDir, file));
    return [file, [info.size, info.mtimeMs]] as const;
  })));
}

/** The Pagefind identity every shard key starts with: its version, the platform its binary runs on, and our setup. */
let identity: string | null = null;
function indexIdentity(): string {
  identity ??= JSON.stringify({ pagefind: pagefindVersion(), platform: `${process.platform}-${process.arch}`, config: INDEX_CONFIG, layout: SHARD_LAYOUT });
  return identity;
}

function pagefindVersion(): string {
  try {
    let dir = path.dirname(fileURLToPath(import.meta.resolve('pagefind')));
    for (let depth = 0; depth < 4; depth += 1, dir = path.dirname(dir)) {
      try {
        const data = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
        if (data.name === 'pagefind' && typeof data.version === 'string') return data.version;
      } catch {
        // no package.json at this level
      }
    }
  } catch {
    // not resolvable: the key then holds "unknown", and an upgrade is not noticed
  }
  return 'unknown';
}

/** A page's share of its shard's key: its path and the HTML Pagefind is given. */
function pageHash(page: HtmlPage): string {
  return createHash('sha256').update(page.sourcePath).update('\0').update(page.content).digest('hex').slice(0, 32);
}

/** A shard's key: Pagefind's identity and the hash of each page, in the order added, which is what its bundle depends on. */
function shardKey(pageHashes: readonly string[]): string {
  return createHash('sha256').update(indexIdentity()).update('\0').update(pageHashes.join('\n')).digest('hex');
}

function createShardIndex(): Promise<pagefind.PagefindIndex> {
  const created = pagefind.createIndex(INDEX_CONFIG).then(({ index, errors }) => {
    if (!index || errors.length > 0) throw new SearchIndexError(errors.length ? errors : ['no index was created']);
    return index;
  });
  // Reported by writeTo; a build that fails before then must not see an unhandled rejection.
  void created.catch(() => undefined);
  return created;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the cache records for `outDir`: the shards whose files are still there untouched, and every page's hash. */
async function readPreviousIndex(cacheDir: string, outDir: string, previousBuild: string | null): Promise<PreviousIndex> {
  const recorded = await readSearchCache(cacheDir, outDir, indexIdentity());
  const entries = Object.entries(recorded.shards);
  const intact = new Map<string, ShardEntry>();
  const inodes = new Map<string, ReadonlyMap<string, number>>();
  for (const [name, entry] of entries) {
    const found = shardFileInodes(outDir, entry);
    if (!found) continue;
    intact.set(name, entry);
    inodes.set(name, found);
  }
  const pageHashes = new Map<string, string>();
  for (const [, entry] of entries) {
    entry.pages.forEach((hash, at) => pageHashes.set(`${entry.pagePaths[at] ?? ''}\0${entry.pageFiles[at] ?? ''}`, hash));
  }
  return { intact, inodes, pageHashes, describesPreviousOutput: previousBuild !== null && recorded.build === previousBuild };
}

/** A shard's record for the next build: its key, its pages as this build added them, and its bundle's files. */
function entryOf(shard: Shard, files: ShardEntry['files']): ShardEntry {
  return { key: shardKey(shard.pageHashes), pages: shard.pageHashes, pagePaths: shard.paths, pageFiles: shard.pageFiles, files };
}

/**
 * Sends pages to an index in `paths`' order, reading each from `siteDir` (a
 * few ahead) and cutting it as `add` does. Each must be what `add` hashed
 * (`pageHashes`, when given): the shard's key, and a clean build's bundle,
 * depend on it.
 */
async function addFromDisk(index: pagefind.PagefindIndex, siteDir: string, paths: readonly string[], pageHashes: readonly string[], problems: string[]): Promise<void> {
  const reads: (Promise<string> | undefined)[] = [];
  const pending = new Set<Promise<void>>();
  for (let i = 0; i < paths.length; i += 1) {
    for (let ahead = i; ahead < Math.min(paths.length, i + IN_FLIGHT); ahead += 1) reads[ahead] ??= readFile(path.join(siteDir, paths[ahead] as string), 'utf8');
    const sourcePath = paths[i] as string;
    const content = searchableHtml(await (reads[i] as Promise<string>));
    reads[i] = undefined;
    if (pageHashes.length > 0 && pageHash({ sourcePath, content }) !== pageHashes[i]) {
      problems.push(`${sourcePath} changed in the staging folder after it was written`);
      break;
    }
    const sent = index.addHTMLFile({ sourcePath, content }).then(
      (response) => void problems.push(...response.errors),
      (error: unknown) => void problems.push(messageOf(error)),
    );
    pending.add(sent);
    void sent.finally(() => pending.delete(sent));
    if (pending.size >= IN_FLIGHT) await Promise.race(pending);
  }
  await Promise.all(pending);
}

/**
 * Writes an index's bundle into `folder`, emptied first: Pagefind adds to a
 * folder without emptying it, and what a spare build folder held there, or a
 * failed reuse linked, must go. With `thenDelete`, Pagefind then lets the
 * index go.
 */
async function writeBundle(index: pagefind.PagefindIndex, folder: string, { thenDelete = false } = {}): Promise<pagefind.WriteFilesResponse> {
  await rm(folder, { recursive: true, force: true });
  const result = await index.writeFiles({ outputPath: folder });
  if (thenDelete) await index.deleteIndex();
  return result;
}

/**
 * Empties `siteDir/pagefind/` but for the folders of the shards in `keep`:
 * when `siteDir` was a spare build folder, it holds the bundle of the build
 * before last, whose shards may already be the ones to reuse (`linkShard`
 * checks them).
 */
async function removeOtherBundles(siteDir: string, keep: ReadonlySet<string>): Promise<void> {
  const folder = path.join(siteDir, SEARCH_BUNDLE_DIR);
  const names = await readdir(folder).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => !keep.has(name)).map((name) => rm(path.join(folder, name), { recursive: true, force: true })));
}

/**
 * Hard-links every file of a previous shard from `outDir` into `siteDir`
 * (nothing to do when `siteDir`'s shard folder, from a spare build folder,
 * already holds exactly those files). `inodes`: the shard's files under
 * `outDir`, as `readPreviousIndex` found them untouched (a shard it did not
 * find so is not reused). False (and nothing to rely on in the shard's
 * folder) when a file is missing.
 */
async function linkShard(outDir: string, siteDir: string, name: string, entry: ShardEntry, inodes: ReadonlyMap<string, number> | undefined): Promise<boolean> {
  if (!inodes) return false;
  const files = Object.keys(entry.files);
  const folder = `${SEARCH_BUNDLE_DIR}/${name}`;
  if (holdsSameFiles(siteDir, folder, inodes)) return true;
  await rm(path.join(siteDir, folder), { recursive: true, force: true });
  try {
    for (const folder of new Set(files.map((file) => path.posix.dirname(file)))) await mkdir(path.join(siteDir, folder), { recursive: true });
    for (let start = 0; start < files.length; start += LINKS_IN_FLIGHT) {
      await Promise.all(files.slice(start, start + LINKS_IN_FLIGHT).map((file) => link(path.join(outDir, file), path.join(siteDir, file))));
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `siteDir/folder` holds the files of `inodes` (paths relative to
 * `siteDir`) and nothing else, each the very file (inode) it was when the
 * shard's files under the output were just checked.
 */
function holdsSameFiles(siteDir: string, folder: string, inodes: ReadonlyMap<string, number>): boolean {
  let present: Map<string, Stats>;
  try {
    present = statFilesUnder(siteDir, folder);
  } catch {
    return false;
  }
  if (present.size !== inodes.size) return false;
  for (const [file, ino] of inodes) if (present.get(file)?.ino !== ino) return false;
  return true;
}

/** The fallback when no page is marked: Pagefind indexes every page of the written folder into one bundle at `pagefind/`. */
async function writeWholeSite(siteDir: string, problems: string[]): Promise<void> {
  const index = await createShardIndex();
  problems.push(...(await index.addDirectory({ path: siteDir, glob: '**/*.html' })).errors);
  if (problems.length > 0) throw new SearchIndexError(problems);
  const result = await index.writeFiles({ outputPath: path.join(siteDir, SEARCH_BUNDLE_DIR) });
  if (result.errors.length > 0) throw new SearchIndexError(result.errors);
  await writeFile(path.join(siteDir, SEARCH_SHARDS_FILE), shardList([''], new Map([['', await languagesOf(siteDir, '')]])));
}

/**
 * Writes the UI files at the top of `pagefind/` (links to the first shard's:
 * every bundle has the same bytes) and `shards.json`.
 */
async function writeShardList(siteDir: string, names: readonly string[]): Promise<void> {
  const first = names[0] as string;
  for (const file of SEARCH_BUNDLE_ENTRY_FILES) {
    await link(path.join(siteDir, SEARCH_BUNDLE_DIR, first, path.posix.basename(file)), path.join(siteDir, file));
  }
  const folders = names.map((name) => `${name}/`);
  const languages = new Map(await Promise.all(folders.map(async (folder) => [folder, await languagesOf(siteDir, folder)] as const)));
  await writeFile(path.join(siteDir, SEARCH_SHARDS_FILE), shardList(folders, languages));
}

/** The languages Pagefind indexed in a bundle (`pagefind/<folder>`), from its entry file. */
async function languagesOf(siteDir: string, folder: string): Promise<string[]> {
  const entry = JSON.parse(await readFile(path.join(siteDir, SEARCH_BUNDLE_DIR, folder, 'pagefind-entry.json'), 'utf8')) as { languages?: Record<string, unknown> };
  return Object.keys(entry.languages ?? {});
}

/** `shards.json` (see `SEARCH_SHARDS_FILE`): every bundle, and per language the bundles holding it, in `folders`' order. */
function shardList(folders: readonly string[], languages: ReadonlyMap<string, readonly string[]>): string {
  const byLanguage = new Map<string, string[]>();
  for (const folder of folders) {
    for (const language of languages.get(folder) ?? []) byLanguage.set(language, [...(byLanguage.get(language) ?? []), folder]);
  }
  const sorted = Object.fromEntries([...byLanguage.keys()].sort().map((language) => [language, byLanguage.get(language)]));
  return `${JSON.stringify({ all: folders, languages: sorted })}\n`;
}
