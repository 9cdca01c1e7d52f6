import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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

const FILE = 'bodies.json';

interface StoredBodies {
  readonly pipeline: string;
  readonly entries: Record<string, [string, string[]]>;
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
 * unreadable or foreign cache file is treated as empty, never as an error.
 */
export async function openBodyCache(dir: string | null): Promise<BodyCache> {
  const stored = new Map<string, RenderedBody>();
  if (dir) {
    try {
      const data = JSON.parse(await readFile(path.join(dir, FILE), 'utf8')) as StoredBodies;
      if (data.pipeline === pipelineVersion()) {
        for (const [key, [html, itemLinks]] of Object.entries(data.entries)) stored.set(key, { html, itemLinks });
      }
    } catch {
      // first build, or a cache from elsewhere: start empty
    }
  }
  return createBodyCache(stored, dir);
}

/** A cache over `stored`; `dir` null keeps it in memory (the dev session's). */
export function createBodyCache(stored: Map<string, RenderedBody>, dir: string | null): BodyCache {
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
      const entries: Record<string, [string, string[]]> = {};
      for (const [key, body] of used) entries[key] = [body.html, [...body.itemLinks]];
      await writeFileAtomically(path.join(dir, FILE), JSON.stringify({ pipeline: pipelineVersion(), entries } satisfies StoredBodies));
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
