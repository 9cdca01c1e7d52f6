import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { copyFixture, makeTempDir, readTree, removeDir, repoRoot, runCli, type CliResult } from './site.js';

/** A site built by the real CLI into a temp folder. */
export interface BuiltSite {
  /** Folder holding the site's sources (and `dist/`). */
  readonly root: string;
  readonly out: string;
  readonly tree: Map<string, Buffer>;
  readonly result: CliResult;
  readonly baseUrl: string;
  readonly remove: () => void;
}

/** The base URL of the sample site.yaml, which the fixture shares. */
export const SAMPLE_BASE_URL = 'https://newsroom.example.org/';

/** Builds the repository's sample site (content/, templates/) into a temp folder. */
export function buildSampleSite(): BuiltSite {
  const root = makeTempDir('readers-sample-');
  const out = path.join(root, 'dist');
  const result = runCli(['build', '--out', out], { cwd: repoRoot });
  return { root, out, tree: result.code === 0 ? readTree(out) : new Map(), result, baseUrl: SAMPLE_BASE_URL, remove: () => removeDir(root) };
}

/** Builds `tests/fixtures/readers-site` (13 items, 5 per page, the sample templates). */
export function buildReadersFixture(outName = 'dist'): BuiltSite {
  const root = copyFixture('readers-site');
  const out = path.join(root, outName);
  const result = runCli(['build', '--out', out], { cwd: root });
  return { root, out, tree: result.code === 0 ? readTree(out) : new Map(), result, baseUrl: SAMPLE_BASE_URL, remove: () => removeDir(root) };
}

/** Every HTML page of a built tree, by output path. */
export function htmlPages(tree: ReadonlyMap<string, Buffer>): string[] {
  return [...tree.keys()].filter((file) => file.endsWith('.html') && !file.startsWith('pagefind/')).sort();
}

/**
 * The output file an absolute or root-relative URL of the site is served from
 * (`…/x/` → `x/index.html`), or undefined when no such file was written.
 */
export function fileForUrl(url: string, baseUrl: string, tree: ReadonlyMap<string, Buffer>): string | undefined {
  const base = new URL(baseUrl);
  const target = new URL(url, base);
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return undefined;
  const relative = decodeURI(target.pathname.slice(base.pathname.length));
  const candidate = relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative;
  return tree.has(candidate) ? candidate : undefined;
}

/** Text of one output file; throws when it was not written. */
export function textOf(tree: ReadonlyMap<string, Buffer>, file: string): string {
  const bytes = tree.get(file);
  if (!bytes) throw new Error(`${file} was not written`);
  return bytes.toString('utf8');
}

/**
 * Builds the sample site and the readers fixture once for a test file (in
 * `beforeAll`) and removes them afterwards; read them as `sites.sample` and
 * `sites.fixture` inside tests.
 */
export function useReaderSites(): { readonly sample: BuiltSite; readonly fixture: BuiltSite } {
  const sites = {} as { sample: BuiltSite; fixture: BuiltSite };
  beforeAll(() => {
    sites.sample = buildSampleSite();
    sites.fixture = buildReadersFixture();
  });
  afterAll(() => {
    sites.sample?.remove();
    sites.fixture?.remove();
  });
  return sites;
}
