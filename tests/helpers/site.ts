import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = path.join(repoRoot, 'bin/communique.js');
/** A fixed build date for reproducible tests: 2026-01-15. */
export const FIXED_EPOCH = String(Date.UTC(2026, 0, 15) / 1000);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI (compiled by `npm test` first) in `cwd`. */
export function runCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): CliResult {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: FIXED_EPOCH, GITHUB_ACTIONS: '', ...options.env },
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temp folder, removed by the returned cleanup. */
export function makeTempDir(prefix = 'communique-test-'): string {
  const base = path.join(repoRoot, 'tests/.tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Temp folders made one by one and removed together (pass `removeAll` to `afterAll`). */
export function trackedTempDirs(prefix: string): { make(): string; removeAll(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = makeTempDir(prefix);
      made.push(dir);
      return dir;
    },
    removeAll() {
      made.splice(0).forEach(removeDir);
    },
  };
}

/**
 * Copies a fixture site (`tests/fixtures/<name>/`) into a temp folder, adding
 * the repository's templates unless the fixture has its own.
 */
export function copyFixture(name: string): string {
  const dir = makeTempDir(`${name}-`);
  cpSync(path.join(repoRoot, 'tests/fixtures', name), dir, { recursive: true });
  if (!exists(path.join(dir, 'templates'))) cpSync(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  return dir;
}

/**
 * Writes an inline site: `files` maps paths (relative to the site folder) to
 * text. The sample templates are copied in unless `templates/` is given, and
 * the sample vocabularies unless `content/taxonomies/` is given.
 */
export function writeSite(files: Readonly<Record<string, string | Uint8Array>>, options: { sampleTaxonomies?: boolean } = {}): string {
  const dir = makeTempDir('inline-');
  const has = (prefix: string): boolean => Object.keys(files).some((p) => p.startsWith(prefix));
  if (!has('templates/')) cpSync(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  if ((options.sampleTaxonomies ?? true) && !has('content/taxonomies/')) {
    cpSync(path.join(repoRoot, 'content/taxonomies'), path.join(dir, 'content/taxonomies'), { recursive: true });
  }
  if (!has('content/site.yaml')) {
    cpSync(path.join(repoRoot, 'content/site.yaml'), path.join(dir, 'content/site.yaml'));
  }
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(dir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return dir;
}

/** Every file under `dir` with its bytes, keyed by `/`-separated relative path. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full).split(path.sep).join('/'), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

export function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** A minimal valid news item. */
export function newsItem(fields: Readonly<Record<string, string>>, body = 'Body text.'): string {
  const defaults: Record<string, string> = {
    title: 'A test item',
    date: '2016-09-13',
    summary: 'A summary.',
    issuedBy: 'conflict-prevention-centre',
  };
  const merged = { ...defaults, ...fields };
  const lines = Object.entries(merged).map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}\n`;
}
