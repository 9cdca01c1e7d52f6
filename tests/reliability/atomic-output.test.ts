import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, exists, FIXED_EPOCH, makeTempDir, readTree, removeDir, repoRoot, runCli } from '../helpers/site.js';

const ITEM = 'content/news/2016-09-13-ukrainian-patrol-police.md';

/** A copy of the sample site in its own folder, with the output in a sibling folder. */
function copySample(): { root: string; site: string; out: string } {
  const root = makeTempDir('atomic-');
  const site = path.join(root, 'site');
  cpSync(path.join(repoRoot, 'content'), path.join(site, 'content'), { recursive: true });
  cpSync(path.join(repoRoot, 'templates'), path.join(site, 'templates'), { recursive: true });
  mkdirSync(path.join(root, 'public'));
  return { root, site, out: path.join(root, 'public', 'dist') };
}

/** sha256 of every file under `dir`, one line per file, in path order. */
function hashTree(dir: string): string {
  return [...readTree(dir)]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([file, bytes]) => `${file} ${createHash('sha256').update(bytes).digest('hex')}`)
    .join('\n');
}

function expectSameTree(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [file, bytes] of expected) expect(actual.get(file)?.equals(bytes), file).toBe(true);
}

/** Starts a build that pauses at `point` (COMMUNIQUE_TEST_PAUSE_AT), SIGKILLs it there, resolves once it is dead. */
function killBuildAt(point: string, cwd: string, out: string): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'build', '--out', out], {
      cwd,
      env: { ...process.env, SOURCE_DATE_EPOCH: FIXED_EPOCH, COMMUNIQUE_TEST_PAUSE_AT: point },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.includes(`communique: paused at ${point}`)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, stderr }));
  });
}

const leftovers = (out: string): string[] => readdirSync(path.dirname(out)).filter((name) => name !== path.basename(out));

describe('a build killed with SIGKILL', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach(removeDir));

  for (const point of ['before-write', 'mid-write', 'before-swap', 'between-renames', 'after-swap'] as const) {
    it(`at ${point} loses nothing, and the next build cleans up after it`, async () => {
      const { root, site, out } = copySample();
      roots.push(root);
      expect(runCli(['build', '--out', out], { cwd: site }).code).toBe(0);
      const oldSite = readTree(out);
      const sources = hashTree(path.join(site, 'content')) + hashTree(path.join(site, 'templates'));

      // The next build would change a page, so an old and a new site can be told apart.
      const itemFile = path.join(site, ITEM);
      writeFileSync(itemFile, readFileSync(itemFile, 'utf8').replace('title: Ukrainian patrol police', 'title: Revised patrol police'));
      const killed = await killBuildAt(point, site, out);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stderr).toContain(`communique: paused at ${point}`);

      if (point === 'after-swap') {
        // The swap happened: the new site is complete; only the retired old one is left beside it.
        expect(readTree(out).get('news/ukrainian-patrol-police/index.html')?.toString()).toContain('Revised patrol police');
      } else if (point === 'between-renames') {
        // The only moment dist/ is missing: the old site waits, complete, in the retired folder.
        expect(exists(out)).toBe(false);
        expect(leftovers(out).some((name) => name.startsWith('.dist.retired-'))).toBe(true);
      } else {
        expectSameTree(readTree(out), oldSite);
      }
      if (point !== 'before-write' && point !== 'after-swap') expect(leftovers(out).length).toBeGreaterThan(0);

      // The next build fails on a content error, yet still cleans up and puts back the old site.
      const newSite = point === 'after-swap' ? readTree(out) : oldSite;
      writeFileSync(path.join(site, 'content/news/broken.md'), '---\ntitle: [unclosed\n---\n');
      const failed = runCli(['build', '--out', out], { cwd: site });
      expect(failed.code).toBe(1);
      expect(leftovers(out)).toEqual([]);
      expectSameTree(readTree(out), newSite);

      // content/ and templates/ were never touched (apart from the two edits this test made).
      removeDir(path.join(site, 'content/news/broken.md'));
      writeFileSync(itemFile, readFileSync(itemFile, 'utf8').replace('title: Revised patrol police', 'title: Ukrainian patrol police'));
      expect(hashTree(path.join(site, 'content')) + hashTree(path.join(site, 'templates'))).toBe(sources);
    });
  }
});

describe('the output folder', () => {
  let root: string;
  let site: string;
  let out: string;
  beforeAll(() => ({ root, site, out } = copySample()));
  afterAll(() => removeDir(root));

  it('is the only thing a build writes, and content/ and templates/ are left byte for byte', () => {
    const before = hashTree(site);
    mkdirSync(out);
    writeFileSync(path.join(out, 'stale.html'), 'from an earlier build');
    const result = runCli(['build', '--out', out], { cwd: site });
    expect(result.code).toBe(0);
    // Besides --out, a build writes only its cache (`.cache/communique/`, documented, --no-cache to avoid it).
    const cacheFiles = [...readTree(path.join(site, '.cache')).keys()];
    expect(cacheFiles.every((file) => file.startsWith('communique/'))).toBe(true);
    rmSync(path.join(site, '.cache'), { recursive: true });
    expect(hashTree(site)).toBe(before);
    expect(readdirSync(path.dirname(out))).toEqual(['dist']);
    expect(readdirSync(root).sort()).toEqual(['public', 'site']);
    expect(exists(path.join(out, 'stale.html'))).toBe(false);
    expect(exists(path.join(out, 'index.html'))).toBe(true);
  });

  it('is left as it was when the build fails', () => {
    runCli(['build', '--out', out], { cwd: site });
    const previous = readTree(out);
    writeFileSync(path.join(site, 'content/news/bad.md'), '---\ntitle: No date\n---\n');
    const result = runCli(['build', '--out', out], { cwd: site });
    removeDir(path.join(site, 'content/news/bad.md'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is as it was');
    expectSameTree(readTree(out), previous);
    expect(readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  const refusals: [string, (site: string) => { args: string[]; env?: NodeJS.ProcessEnv }, string][] = [
    ['the root of the file system', () => ({ args: ['--out', '/'] }), 'is the root of the file system'],
    ['the home folder', (s) => ({ args: ['--out', path.join(s, 'home')], env: { HOME: path.join(s, 'home') } }), 'is your home folder'],
    ['the project folder', () => ({ args: ['--out', '.'] }), 'is the project folder itself'],
    ['the project folder spelled differently', (s) => ({ args: ['--out', `${s}/content/..`] }), 'is the project folder itself'],
    ['inside content/', () => ({ args: ['--out', 'content/dist'] }), 'lies inside the content folder'],
    ['content/ itself', () => ({ args: ['--out', 'content'] }), 'lies inside the content folder'],
    ['inside templates/', () => ({ args: ['--out', 'templates/assets'] }), 'lies inside the templates folder'],
    ['a folder containing content/', () => ({ args: ['--content', 'site-src/content', '--templates', 'templates', '--out', 'site-src'] }), 'contains the content folder'],
    ['a folder containing templates/', () => ({ args: ['--templates', 'theme/templates', '--out', 'theme'] }), 'contains the templates folder'],
  ];
  for (const [name, make, reason] of refusals) {
    it(`is refused when it is ${name} (exit 2), and nothing is touched`, () => {
      const before = hashTree(site);
      const { args, env } = make(site);
      const result = runCli(['build', ...args], { cwd: site, ...(env ? { env } : {}) });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(reason);
      expect(result.stderr).toContain('Choose another --out.');
      expect(hashTree(site)).toBe(before);
    });
  }
});
