import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RawHtmlPolicy, RenderedBody } from '../render/markdown-types.js';
import { pipelineVersion } from './pipeline-version.js';

/**
 * Rendered Markdown bodies, kept between builds. An entry's key hashes
 * everything `renderMarkdown` depends on: the body text, the item's path
 * (relative links resolve against it), the raw-HTML policy from site.yaml,
 * and the pipeline version (Communiqué and remark versions), so a change to
 * any of them misses the cache instead of serving stale HTML.
 */
export interface BodyCache {
  /** Looks up a body; null when not cached (a build's cache holds what earlier builds saved, not what this one set). */
  get(key: string): RenderedBody | null;
  /** Records a body rendered by this build, for `save`. */
  set(key: string, body: RenderedBody): void;
  /** Writes the entries used by this build (stale ones are dropped). No-op for a memory-only cache. */
  save(): Promise<void>;
  readonly stats: { hits: number; misses: number };
}

/** The folder of body shards in the cache folder. */
const FOLDER = 'bodies';
/** Where bodies were kept in one file before they were sharded: removed when the shards are saved. */
const LEGACY_FILE = 'bodies.json';

interface StoredBodies {
  readonly pipeline: string;
  readonly entries: Record<string, [string, string[]]>;
}

/** The shard a key belongs to: keys are hex hashes, so their first two digits spread entries evenly over 256 files. */
function shardOf(key: string): string {
  return key.slice(0, 2);
}

/** The key of one body: see `BodyCache`. */
export function bodyCacheKey(markdown: string, relativePath: string, policy: RawHtmlPolicy): string {
  return createHash('sha256')
    .update(pipelineVersion())
    .update('\0')
    .update(JSON.stringify(policy))
    .update('\0')
    .update(relativePath)
    .update('\0')
    .update(markdown)
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
  const stored = new Map<string, RenderedBody>();
  // The keys each shard file held when read: a shard whose used keys are the same is not written again.
  const shardKeys = new Map<string, Set<string>>();
  if (dir) {
    const names = await readdir(path.join(dir, FOLDER)).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((name) => /^[0-9a-f]{2}\.json$/.test(name))
        .map(async (name) => {
          try {
            const data = JSON.parse(await readFile(path.join(dir, FOLDER, name), 'utf8')) as StoredBodies;
            if (data.pipeline !== pipelineVersion()) return;
            const keys = new Set<string>();
            for (const [key, [html, itemLinks]] of Object.entries(data.entries)) {
              stored.set(key, { html, itemLinks });
              keys.add(key);
            }
            shardKeys.set(name.slice(0, 2), keys);
          } catch {
            // a damaged shard, or one from elsewhere: its bodies are rendered again
          }
        }),
    );
  }
  return createBodyCache(stored, dir, shardKeys, spoolAfterChars);
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
 * A cache over `stored`, saved into `dir`; with `dir` null nothing is kept (a
 * build without a cache looks each body up once, before rendering it).
 * `shardKeys`: the keys each shard file on disk holds. `spoolAfterChars`:
 * see `SPOOL_AFTER_CHARS` (tests lower it).
 */
function createBodyCache(stored: Map<string, RenderedBody>, dir: string | null, shardKeys: ReadonlyMap<string, ReadonlySet<string>> = new Map(), spoolAfterChars = SPOOL_AFTER_CHARS): BodyCache {
  // Keys this build used: a stored body, or a new one (then its entry is in `waiting`, or spooled to disk).
  const used = new Set<string>();
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
  const stats = { hits: 0, misses: 0 };
  return {
    stats,
    get(key) {
      const body = stored.get(key) ?? null;
      if (body) {
        stats.hits += 1;
        used.add(key);
      } else stats.misses += 1;
      return body;
    },
    set(key, body) {
      if (!dir || used.has(key)) return;
      used.add(key);
      const member = storedMember(key, body);
      const shard = shardOf(key);
      const members = waiting.get(shard);
      if (members) members.push(member);
      else waiting.set(shard, [member]);
      waitingChars += member.length;
      if (waitingChars > spoolAfterChars) spool();
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
      // Entries this build did not use are dropped: a shard is written again when its keys differ, deleted when none is left.
      for (const [shard, keys] of shards) {
        const onDisk = shardKeys.get(shard);
        if (onDisk && onDisk.size === keys.length && keys.every((key) => onDisk.has(key))) continue;
        const members: string[] = [];
        for (const key of keys) {
          const body = stored.get(key);
          if (body) members.push(storedMember(key, body));
        }
        // A spool file gone (removed by hand, or by a build saving into the same cache meanwhile) only loses its entries.
        if (spoolFolder && spooled.has(shard)) members.push(await readFile(path.join(spoolFolder, shard), 'utf8').then((text) => text.slice(0, -1), () => ''));
        members.push(...(waiting.get(shard) ?? []));
        await writeFileAtomically(path.join(folder, `${shard}.json`), `{"pipeline":${JSON.stringify(pipelineVersion())},"entries":{${members.filter((m) => m !== '').join(',')}}}`);
      }
      for (const name of await readdir(folder)) {
        if (!shards.has(name.slice(0, 2)) || !name.endsWith('.json')) await rm(path.join(folder, name), { force: true, recursive: true });
      }
      await rm(path.join(dir, LEGACY_FILE), { force: true });
    },
  };
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

/** A cache that lives as long as the object (the dev session's): every body set stays available. */
export function createMemoryBodyCache(): BodyCache {
  const entries = new Map<string, RenderedBody>();
  const stats = { hits: 0, misses: 0 };
  return {
    stats,
    get(key) {
      const body = entries.get(key) ?? null;
      if (body) stats.hits += 1;
      else stats.misses += 1;
      return body;
    },
    set(key, body) {
      entries.set(key, body);
    },
    async save() {},
  };
}
