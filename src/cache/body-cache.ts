import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RawHtmlPolicy, RenderedBody } from '../render/markdown.js';
import { pipelineVersion } from './pipeline-version.js';

/**
 * Rendered Markdown bodies, kept between builds. An entry's key hashes
 * everything `renderMarkdown` depends on: the body text, the item's path
 * (relative links resolve against it), the raw-HTML policy from site.yaml,
 * and the pipeline version (Communiqué and remark versions), so a change to
 * any of them misses the cache instead of serving stale HTML.
 */
export interface BodyCache {
  /** Looks up a body; null when not cached. */
  get(key: string): RenderedBody | null;
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
export async function openBodyCache(dir: string | null): Promise<BodyCache> {
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
  return createBodyCache(stored, dir, shardKeys);
}

/** A cache over `stored`; `dir` null keeps it in memory. `shardKeys`: the keys each shard file on disk holds. */
export function createBodyCache(stored: Map<string, RenderedBody>, dir: string | null, shardKeys: ReadonlyMap<string, ReadonlySet<string>> = new Map()): BodyCache {
  const used = new Map<string, RenderedBody>();
  const stats = { hits: 0, misses: 0 };
  return {
    stats,
    get(key) {
      const body = used.get(key) ?? stored.get(key) ?? null;
      if (body) {
        stats.hits += 1;
        used.set(key, body);
      } else stats.misses += 1;
      return body;
    },
    set(key, body) {
      used.set(key, body);
    },
    async save() {
      if (!dir) return;
      const shards = new Map<string, Map<string, RenderedBody>>();
      for (const [key, body] of used) {
        const shard = shardOf(key);
        let entries = shards.get(shard);
        if (!entries) {
          entries = new Map();
          shards.set(shard, entries);
        }
        entries.set(key, body);
      }
      const folder = path.join(dir, FOLDER);
      await mkdir(folder, { recursive: true });
      // Entries this build did not use are dropped: a shard is written again when its keys differ, deleted when none is left.
      for (const [shard, entries] of shards) {
        const onDisk = shardKeys.get(shard);
        if (onDisk && onDisk.size === entries.size && [...entries.keys()].every((key) => onDisk.has(key))) continue;
        const stored: StoredBodies['entries'] = {};
        for (const [key, body] of entries) stored[key] = [body.html, [...body.itemLinks]];
        await writeFileAtomically(path.join(folder, `${shard}.json`), JSON.stringify({ pipeline: pipelineVersion(), entries: stored } satisfies StoredBodies));
      }
      for (const name of await readdir(folder)) {
        if (!shards.has(name.slice(0, 2)) || !name.endsWith('.json')) await rm(path.join(folder, name), { force: true, recursive: true });
      }
      await rm(path.join(dir, LEGACY_FILE), { force: true });
    },
  };
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
