import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RawHtmlPolicy, RenderedBody } from '../render/markdown-types.js';
import { PackedText } from './packed-text.js';
import { pipelineVersion } from './pipeline-version.js';

/**
 * Rendered Markdown bodies, kept between builds. An entry's key hashes
 * everything `renderMarkdown` depends on: the body text, the item's path
 * (relative links resolve against it), the raw-HTML policy from site.yaml,
 * and the pipeline version (Communiqué and remark versions), so a change to
 * any of them misses the cache instead of serving stale HTML.
 */
export interface BodyCache {
  /**
   * Looks up a body (its `key` set); null when not cached (a build's cache holds what earlier builds saved, not what
   * this one set). A body of a shard not read yet reads it when its `html` is first asked for.
   */
  get(key: string): RenderedBody | null;
  /**
   * Records a body rendered by this build, for `save`. Returns the body as it is to be kept by whoever keeps it
   * (with its `key`): a session's memory cache keeps it packed, and so should the renderer, rather than a second copy.
   */
  set(key: string, body: RenderedBody): RenderedBody;
  /** Writes the entries used by this build (stale ones are dropped). No-op for a memory-only cache. */
  save(): Promise<void>;
  readonly stats: { hits: number; misses: number; shardsRead: number; bodiesReadAlone: number };
}

/** The folder of body shards in the cache folder. */
const FOLDER = 'bodies';
/** Where bodies were kept in one file before they were sharded: removed when the shards are saved. */
const LEGACY_FILE = 'bodies.json';

interface StoredBodies {
  readonly pipeline: string;
  readonly entries: Record<string, [string, string[]]>;
}

/** `bodies/index.json`: for each shard file as last written, its size and modification time, and its keys' item links. */
interface BodyIndex {
  readonly pipeline: string;
  readonly shards: Record<string, ShardRecord>;
}

interface ShardRecord {
  readonly size: number;
  readonly mtimeMs: number;
  /** Each key of the shard → the item links of its body. */
  readonly links: Record<string, readonly string[]>;
  /** Each key of the shard → where its HTML's JSON string lies in the file: byte offset and length. */
  readonly at?: Record<string, readonly [number, number]>;
}

const INDEX_FILE = 'index.json';

/** The shard a key belongs to: keys are hex hashes, so their first two digits spread entries evenly over 256 files. */
function shardOf(key: string): string {
  return key.slice(0, 2);
}

/** The key of one body, from the hash of its Markdown (`hashBodyText`): see `BodyCache`. */
export function bodyCacheKey(bodyHash: string, relativePath: string, policy: RawHtmlPolicy): string {
  return createHash('sha256')
    .update(pipelineVersion())
    .update('\0')
    .update(JSON.stringify(policy))
    .update('\0')
    .update(relativePath)
    .update('\0')
    .update(bodyHash)
    .digest('hex');
}

/**
 * Opens the cache in `dir` (null: memory only, for `--no-cache`). A missing,
 * unreadable or foreign shard is treated as empty, never as an error.
 *
 * Bodies are kept in 256 shard files under `bodies/`, by the first two digits of
 * their key, so that a build adding one body rewrites one small file, not every
 * body of the site (48 MB at N = 10,000). Each shard is replaced by write-then-
 * rename; a key names its content, so any mix of old and new shards is valid.
 */
export async function openBodyCache(dir: string | null, { spoolAfterChars = SPOOL_AFTER_CHARS }: { readonly spoolAfterChars?: number } = {}): Promise<BodyCache> {
  const shelf = createShelf(dir);
  if (dir) {
    const folder = path.join(dir, FOLDER);
    const names = await readdir(folder).catch(() => [] as string[]);
    // A missing, damaged or foreign index only means every shard is read when the cache opens.
    const index = await readFile(path.join(folder, INDEX_FILE), 'utf8')
      .then((text) => JSON.parse(text) as Partial<BodyIndex> | null)
      .catch(() => null);
    const records = index?.pipeline === pipelineVersion() && typeof index.shards === 'object' && index.shards !== null ? index.shards : {};
    await Promise.all(
      names
        .filter((name) => /^[0-9a-f]{2}\.json$/.test(name))
        .map(async (name) => {
          const shard = name.slice(0, 2);
          const record = records[shard];
          // A shard as the index describes it (its size and time unchanged since it was written) is read only when one
          // of its bodies is asked for: a publish asks for a few hundred of a large site's bodies, not all 48 MB.
          const info = record ? statSync(path.join(folder, name), { throwIfNoEntry: false }) : undefined;
          if (record && info && info.size === record.size && info.mtimeMs === record.mtimeMs && typeof record.links === 'object' && record.links !== null) {
            shelf.shelve(shard, record);
            return;
          }
          shelf.take(shard, await readFile(path.join(folder, name), 'utf8').catch(() => ''));
        }),
    );
  }
  return createBodyCache(shelf, dir, spoolAfterChars);
}

/** The stored bodies: those read, and the shards not read yet with their keys (see `openBodyCache`). */
interface Shelf {
  /** Bodies read, by key. */
  readonly stored: Map<string, RenderedBody>;
  /** The keys each shard file on disk holds. */
  readonly shardKeys: Map<string, Set<string>>;
  /** Shards not read yet, with their index records (which the next index reuses while they stay as they are). */
  readonly shelved: Map<string, ShardRecord>;
  /** Where each body lies in the shard files read whole (see `locateBodies`), for the index when they are kept as they are. */
  readonly places: Map<string, Map<string, readonly [number, number]>>;
  shelve(shard: string, record: ShardRecord): void;
  /** Takes in a shard file's text; a damaged shard, or one from elsewhere, holds nothing (its bodies render again). */
  take(shard: string, text: string): void;
  /** A stored body: read with its shard if that is not read yet; null when no stored shard holds it. */
  lookUp(key: string): RenderedBody | null;
  /** Reads a shelved shard now. */
  read(shard: string): void;
  readonly stats: { shardsRead: number; bodiesReadAlone: number };
}

function createShelf(dir: string | null): Shelf {
  const stored = new Map<string, RenderedBody>();
  const shardKeys = new Map<string, Set<string>>();
  const shelved = new Map<string, ShardRecord>();
  const places = new Map<string, Map<string, readonly [number, number]>>();
  const stats = { shardsRead: 0, bodiesReadAlone: 0 };
  const take = (shard: string, text: string): void => {
    const keys = new Set<string>();
    try {
      const data = JSON.parse(text) as StoredBodies;
      if (data.pipeline === pipelineVersion()) {
        for (const [key, [html, itemLinks]] of Object.entries(data.entries)) {
          stored.set(key, { html, itemLinks, key });
          keys.add(key);
        }
      }
    } catch {
      // a damaged shard, or one from elsewhere: its bodies are rendered again
    }
    if (keys.size > 0) {
      shardKeys.set(shard, keys);
      places.set(shard, locateBodies(text));
    } else shardKeys.delete(shard);
  };
  const read = (shard: string): void => {
    if (!dir || !shelved.delete(shard)) return;
    stats.shardsRead += 1;
    take(shard, (() => {
      try {
        return readFileSync(path.join(dir, FOLDER, `${shard}.json`), 'utf8');
      } catch {
        return '';
      }
    })());
  };
  return {
    stored,
    shardKeys,
    shelved,
    places,
    stats,
    shelve(shard, record) {
      shelved.set(shard, record);
      shardKeys.set(shard, new Set(Object.keys(record.links)));
    },
    take,
    read,
    lookUp(key) {
      const body = stored.get(key);
      if (body) return body;
      const shard = shardOf(key);
      const links = shelved.get(shard)?.links[key];
      if (!links) return null;
      let html: string | null = null;
      return {
        key,
        itemLinks: links,
        get html(): string {
          if (html === null) {
            html = dir ? readHtmlAlone(path.join(dir, FOLDER, `${shard}.json`), key, shelved.get(shard)) : null;
            if (html !== null) stats.bodiesReadAlone += 1;
            else {
              read(shard);
              const body = stored.get(key);
              // Only a shard rewritten between this build's start and now (another build saving into the same cache)
              // can lose a body the index promised.
              if (!body) throw new Error(`The body cache's shard ${shard}.json changed while this build ran (did another build use the same cache folder?). Build again.`);
              html = body.html;
            }
          }
          return html;
        },
      };
    },
  };
}

/**
 * New entries are written to a spool file per shard once this many characters
 * of them are waiting, rather than held until `save`: a cold build of a large
 * site renders every body, and holding them all to the end was a fifth of its
 * peak memory.
 */
const SPOOL_AFTER_CHARS = 4_000_000;

/** Spool folders are `bodies/.spool-<pid>`, removed by `save` (a killed build's too, by the next build's). */
const SPOOL_PREFIX = '.spool-';

/**
 * A cache over `shelf`, saved into `dir`; with `dir` null nothing is kept (a build without a cache looks each body up
 * once, before rendering it). `spoolAfterChars`: see `SPOOL_AFTER_CHARS` (tests lower it).
 */
function createBodyCache(shelf: Shelf, dir: string | null, spoolAfterChars = SPOOL_AFTER_CHARS): BodyCache {
  const { stored, shardKeys, shelved } = shelf;
  // Keys this build used: a stored body, or a new one (then its entry is in `waiting`, or spooled to disk).
  const used = new Set<string>();
  // The item links of each new entry, for the index.
  const newLinks = new Map<string, readonly string[]>();
  // New entries as JSON members (`"key":["html",[links]]`) by shard, not yet spooled; and the shards spooled to.
  const waiting = new Map<string, string[]>();
  let waitingChars = 0;
  const spooled = new Set<string>();
  const spoolFolder = dir ? path.join(dir, FOLDER, `${SPOOL_PREFIX}${process.pid}`) : null;
  const spool = (): void => {
    if (!spoolFolder) return;
    // A folder left under this process id by an earlier process is not this build's.
    if (spooled.size === 0) rmSync(spoolFolder, { recursive: true, force: true });
    mkdirSync(spoolFolder, { recursive: true });
    for (const [shard, members] of waiting) {
      appendFileSync(path.join(spoolFolder, shard), `${members.join(',')},`);
      spooled.add(shard);
    }
    waiting.clear();
    waitingChars = 0;
  };
  const stats = {
    hits: 0,
    misses: 0,
    get shardsRead() {
      return shelf.stats.shardsRead;
    },
    get bodiesReadAlone() {
      return shelf.stats.bodiesReadAlone;
    },
  };
  return {
    stats,
    get(key) {
      const body = shelf.lookUp(key);
      if (body) {
        stats.hits += 1;
        used.add(key);
      } else stats.misses += 1;
      return body;
    },
    set(key, body) {
      const kept = body.key === key ? body : { ...body, key };
      if (!dir || used.has(key)) return kept;
      used.add(key);
      newLinks.set(key, body.itemLinks);
      const member = storedMember(key, body);
      const shard = shardOf(key);
      const members = waiting.get(shard);
      if (members) members.push(member);
      else waiting.set(shard, [member]);
      waitingChars += member.length;
      if (waitingChars > spoolAfterChars) spool();
      return kept;
    },
    async save() {
      if (!dir) return;
      const shards = new Map<string, string[]>();
      for (const key of used) {
        const shard = shardOf(key);
        const keys = shards.get(shard);
        if (keys) keys.push(key);
        else shards.set(shard, [key]);
      }
      const folder = path.join(dir, FOLDER);
      await mkdir(folder, { recursive: true });
      const index: Record<string, ShardRecord> = {};
      // Entries this build did not use are dropped: a shard is written again when its keys differ, deleted when none is left.
      for (const [shard, keys] of [...shards].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const onDisk = shardKeys.get(shard);
        const unchanged = onDisk !== undefined && onDisk.size === keys.length && keys.every((key) => onDisk.has(key));
        const record = shelved.get(shard);
        if (unchanged && record) {
          index[shard] = record;
          continue;
        }
        const file = path.join(folder, `${shard}.json`);
        let written: string | null = null;
        if (!unchanged) {
          // Its stored bodies are written again: read it if it was not.
          shelf.read(shard);
          const members: string[] = [];
          for (const key of keys) {
            const body = stored.get(key);
            if (body) members.push(storedMember(key, body));
          }
          // A spool file gone (removed by hand, or by a build saving into the same cache meanwhile) only loses its entries.
          if (spoolFolder && spooled.has(shard)) members.push(await readFile(path.join(spoolFolder, shard), 'utf8').then((text) => text.slice(0, -1), () => ''));
          members.push(...(waiting.get(shard) ?? []));
          written = `{"pipeline":${JSON.stringify(pipelineVersion())},"entries":{${members.filter((m) => m !== '').join(',')}}}`;
          await writeFileAtomically(file, written);
        }
        const info = statSync(file, { throwIfNoEntry: false });
        // Only the keys the shard holds (a body lost from a shard read late is not promised to the next build).
        const held = keys.filter((key) => stored.has(key) || newLinks.has(key));
        // A shard not written again was read whole this build (else its record was kept above): placed when it was read.
        const placed = written === null ? (shelf.places.get(shard) ?? new Map<string, readonly [number, number]>()) : locateBodies(written);
        const links = Object.fromEntries(held.map((key) => [key, stored.get(key)?.itemLinks ?? newLinks.get(key) ?? []]));
        const at = Object.fromEntries(held.flatMap((key) => {
          const place = placed.get(key);
          return place ? [[key, place] as const] : [];
        }));
        if (info) index[shard] = { size: info.size, mtimeMs: info.mtimeMs, links, at };
      }
      for (const name of await readdir(folder)) {
        if (name !== INDEX_FILE && (!shards.has(name.slice(0, 2)) || !name.endsWith('.json'))) await rm(path.join(folder, name), { force: true, recursive: true });
      }
      // Written last: a build killed before this leaves an index that some shards no longer match, and those are read whole.
      await writeFileAtomically(path.join(folder, INDEX_FILE), JSON.stringify({ pipeline: pipelineVersion(), shards: index } satisfies BodyIndex));
      await rm(path.join(dir, LEGACY_FILE), { force: true });
    },
  };
}

/**
 * The HTML of one body, read from its place in a shard file that is still as `record` describes it (its size and
 * time), without reading the rest: a publish needs the bodies of the few pages and feeds it renders again, spread
 * over most shards, and reading and parsing each whole shard (about 200 KB) for them took a quarter of a second at
 * N = 10,000, most of it garbage. Null when the body cannot be read so (no record or place, the file changed or
 * gone): the caller reads the whole shard instead.
 */
function readHtmlAlone(file: string, key: string, record: ShardRecord | undefined): string | null {
  const place = record?.at?.[key];
  if (!record || !Array.isArray(place)) return null;
  const [offset, length] = place;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 2) return null;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const info = fstatSync(fd);
    // The place is trusted only where the member names its key: `"key":[` just before it (keys are hex digits).
    const lead = `"${key}":[`;
    const start = offset - lead.length;
    if (info.size !== record.size || info.mtimeMs !== record.mtimeMs || start < 0 || offset + length > info.size) return null;
    const bytes = Buffer.allocUnsafe(lead.length + length);
    if (readSync(fd, bytes, 0, bytes.length, start) !== bytes.length || bytes.toString('latin1', 0, lead.length) !== lead) return null;
    const html: unknown = JSON.parse(bytes.toString('utf8', lead.length));
    return typeof html === 'string' ? html : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Where each entry's HTML (its JSON string) lies in a shard file's text, in bytes: the text is scanned once, member by
 * member, in the shape `save` writes (`{"pipeline":"…","entries":{"key":["html",["link",…]],…}}`). A text of
 * another shape gives the places found before it, or none; a body without a place is read with its whole shard.
 */
export function locateBodies(text: string): Map<string, readonly [number, number]> {
  const places = new Map<string, readonly [number, number]>();
  const entriesStart = text.indexOf('"entries":{');
  if (!text.startsWith('{"pipeline":"') || entriesStart < 0) return places;
  let position = entriesStart + '"entries":{'.length;
  let bytesBefore = Buffer.byteLength(text.slice(0, position));
  const advanceTo = (next: number): void => {
    bytesBefore += Buffer.byteLength(text.slice(position, next));
    position = next;
  };
  while (text[position] === '"') {
    const keyEnd = endOfString(text, position);
    if (keyEnd < 0 || !text.startsWith(':["', keyEnd)) break;
    const key = text.slice(position + 1, keyEnd - 1);
    advanceTo(keyEnd + 2);
    const htmlEnd = endOfString(text, position);
    if (htmlEnd < 0) break;
    const htmlStart = bytesBefore;
    advanceTo(htmlEnd);
    places.set(key, [htmlStart, bytesBefore - htmlStart]);
    // The item links: `,[` strings separated by commas `]]`.
    if (!text.startsWith(',[', position)) break;
    let next = position + 2;
    while (text[next] === '"') {
      const linkEnd = endOfString(text, next);
      if (linkEnd < 0) return places;
      next = text[linkEnd] === ',' ? linkEnd + 1 : linkEnd;
    }
    if (!text.startsWith(']]', next)) break;
    next += 2;
    if (text[next] === ',') next += 1;
    advanceTo(next);
  }
  return places;
}

/** The index just past the closing quote of the JSON string opening at `start`; -1 when it does not close. */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  for (;;) {
    const quote = text.indexOf('"', index);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === '\\') backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    index = quote + 1;
  }
}

/** One entry of a shard file's `entries` object, as JSON: `"key":["html",[links]]` (see `StoredBodies`). */
function storedMember(key: string, body: RenderedBody): string {
  return `${JSON.stringify(key)}:${JSON.stringify([body.html, body.itemLinks])}`;
}

/** Write-then-rename, so a killed build never leaves half a cache file. */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

/**
 * A cache that lives as long as the object (the dev session's): every body set stays available, packed (see
 * `PackedText`), its HTML unpacked each time it is asked for.
 */
export function createMemoryBodyCache(): BodyCache {
  const entries = new Map<string, RenderedBody>();
  const stats = { hits: 0, misses: 0, shardsRead: 0, bodiesReadAlone: 0 };
  return {
    stats,
    get(key) {
      const body = entries.get(key) ?? null;
      if (body) stats.hits += 1;
      else stats.misses += 1;
      return body;
    },
    set(key, body) {
      const packed = new PackedText(body.html);
      const kept: RenderedBody = {
        get html() {
          return packed.text();
        },
        itemLinks: body.itemLinks,
        key,
      };
      entries.set(key, kept);
      return kept;
    },
    async save() {},
  };
}
