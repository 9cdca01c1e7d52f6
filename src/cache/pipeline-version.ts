import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the cache's layout or anything a cached value depends on changes in a way versions don't show. */
export const CACHE_SCHEMA = 1;

/** Packages whose output ends up in cached values. */
const PIPELINE_PACKAGES = ['unified', 'remark-parse', 'remark-html', 'remark-gfm', 'hast-util-sanitize', 'hast-util-from-html', 'mdast-util-to-hast', 'micromark', 'liquidjs', 'yaml', 'gray-matter'];

let cached: string | null = null;

/**
 * A fingerprint of the pipeline: Communiqué's own version and compiled code
 * identity, plus the versions of the packages that shape cached values.
 * Any upgrade changes it, and with it every cache key.
 */
export function pipelineVersion(): string {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const parts: string[] = [`schema ${CACHE_SCHEMA}`];
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  parts.push(`communique ${own.version ?? '?'}`);
  // Communiqué's own compiled code, so a change to it (even without a version bump, while developing) invalidates too.
  parts.push(hashOwnCode());
  for (const name of PIPELINE_PACKAGES) {
    parts.push(`${name} ${packageVersion(require, name)}`);
  }
  cached = createHash('sha256').update(parts.join('\n')).digest('hex');
  return cached;
}

/** Hash of every module of Communiqué (lib/*.js, or src/*.ts when the tests run from source), in a stable order. */
function hashOwnCode(): string {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  walk(root);
  const hash = createHash('sha256');
  for (const file of files.sort()) hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function packageVersion(require: NodeJS.Require, name: string): string {
  try {
    const entry = require.resolve(name);
    // Walk up from the entry file to the package's own package.json.
    let dir = entry;
    for (let i = 0; i < 6; i += 1) {
      dir = dir.slice(0, dir.lastIndexOf('/'));
      try {
        const data = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { name?: string; version?: string };
        if (data.name === name) return data.version ?? '?';
      } catch {
        // no package.json at this level
      }
    }
  } catch {
    // not resolvable from here (ESM-only exports): fall through
  }
  return 'unknown';
}
