import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * What a build leaves beside `out` besides the output itself: anything in the
 * parent folder but `dist` and `.dist.builds/`, and any build folder `dist` does
 * not point to, but for one spare (`spare-*`, the site before the current one,
 * which a build with a cache keeps to fill next time). Empty after a completed build.
 */
function leftovers(out: string): string[] {
  const parent = path.dirname(out);
  const builds = path.join(parent, '.dist.builds');
  const current = exists(out) && lstatSync(out).isSymbolicLink() ? path.basename(readlinkSync(out)) : null;
  const beside = readdirSync(parent).filter((name) => name !== 'dist' && name !== '.dist.builds');
  const others = exists(builds) ? readdirSync(builds).filter((name) => name !== current) : [];
  const spares = others.filter((name) => name.startsWith('spare-'));
  const staleBuilds = (spares.length > 1 ? others : others.filter((name) => !spares.includes(name))).map((name) => `.dist.builds/${name}`);
  return [...beside, ...staleBuilds];
}

/** The spare build folder beside `out`, if there is one. */
function spareOf(out: string): string | null {
  const builds = path.join(path.dirname(out), '.dist.builds');
  return (exists(builds) ? readdirSync(builds) : []).find((name) => name.startsWith('spare-')) ?? null;
}

/** `out` is a symbolic link into `.dist.builds/`, the layout that makes the swap one atomic rename. */
function expectLinkedOutput(out: string): void {
  expect(lstatSync(out).isSymbolicLink()).toBe(true);
  expect(path.dirname(readlinkSync(out))).toBe('.dist.builds');
}

/** Edits the sample item so that an old and a new site can be told apart; returns a function undoing it. */
function reviseItem(site: string): () => void {
  const itemFile = path.join(site, ITEM);
  writeFileSync(itemFile, readFileSync(itemFile, 'utf8').replace('title: Ukrainian patrol police', 'title: Revised patrol police'));
  return () => writeFileSync(itemFile, readFileSync(itemFile, 'utf8').replace('title: Revised patrol police', 'title: Ukrainian patrol police'));
}

describe('a build killed with SIGKILL', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach(removeDir));

  for (const point of ['before-write', 'mid-write', 'before-swap', 'after-swap'] as const) {
    it(`at ${point} loses nothing, and the next build cleans up after it`, async () => {
      const { root, site, out } = copySample();
      roots.push(root);
      expect(runCli(['build', '--out', out], { cwd: site }).code).toBe(0);
      expectLinkedOutput(out);
      expect(leftovers(out)).toEqual([]);
      const oldSite = readTree(out);
      const oldTarget = readlinkSync(out);
      const sources = hashTree(path.join(site, 'content')) + hashTree(path.join(site, 'templates'));

      const undoRevision = reviseItem(site);
      const killed = await killBuildAt(point, site, out);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stderr).toContain(`communique: paused at ${point}`);

      expectLinkedOutput(out);
      if (point === 'after-swap') {
        // The link was swapped: the new site is complete; only the old build folder is left beside it.
        expect(readlinkSync(out)).not.toBe(oldTarget);
        expect(readTree(out).get('news/ukrainian-patrol-police/index.html')?.toString()).toContain('Revised patrol police');
      } else {
        expect(readlinkSync(out)).toBe(oldTarget);
        expectSameTree(readTree(out), oldSite);
      }
      if (point !== 'before-write') expect(leftovers(out).length).toBeGreaterThan(0);

      // The next build fails on a content error, yet still cleans up.
      const newSite = point === 'after-swap' ? readTree(out) : oldSite;
      writeFileSync(path.join(site, 'content/news/broken.md'), '---\ntitle: [unclosed\n---\n');
      const failed = runCli(['build', '--out', out], { cwd: site });
      expect(failed.code).toBe(1);
      expect(leftovers(out)).toEqual([]);
      expectSameTree(readTree(out), newSite);

      // content/ and templates/ were never touched (apart from the two edits this test made).
      removeDir(path.join(site, 'content/news/broken.md'));
      undoRevision();
      expect(hashTree(path.join(site, 'content')) + hashTree(path.join(site, 'templates'))).toBe(sources);
    });
  }

  it('at mid-write while filling the spare build folder loses nothing; the half-changed folder is deleted, and the next build equals a clean one', async () => {
    const { root, site, out } = copySample();
    roots.push(root);
    expect(runCli(['build', '--out', out], { cwd: site }).code).toBe(0);
    const undoRevision = reviseItem(site);
    expect(runCli(['build', '--out', out], { cwd: site }).code).toBe(0);
    const spare = spareOf(out);
    expect(spare, 'the second build keeps the first one’s folder as the spare').not.toBeNull();
    const oldSite = readTree(out);
    const oldTarget = readlinkSync(out);

    undoRevision();
    const killed = await killBuildAt('mid-write', site, out);
    expect(killed.signal).toBe('SIGKILL');
    expect(readlinkSync(out)).toBe(oldTarget);
    expectSameTree(readTree(out), oldSite);
    // The spare became the killed build's staging folder: it is no spare any more, and is left over.
    expect(spareOf(out)).toBeNull();
    expect(leftovers(out).length).toBe(1);

    expect(runCli(['build', '--out', out], { cwd: site }).code).toBe(0);
    expect(leftovers(out)).toEqual([]);
    expect(readTree(out).get('news/ukrainian-patrol-police/index.html')?.toString()).toContain('Ukrainian patrol police');
    expect(runCli(['build', '--no-cache', '--out', path.join(root, 'clean')], { cwd: site }).code).toBe(0);
    expectSameTree(readTree(out), readTree(path.join(root, 'clean')));
  });

  it('over a linked dist/ swaps with a single rename: there is no moment between two renames', async () => {
    const { root, site, out } = copySample();
    roots.push(root);
    expect(runCli(['build', '--out', out], { cwd: site }).code).toBe(0);
    reviseItem(site);
    // Told to stop between the two renames of a folder swap, the build never gets there: it finishes.
    const finished = await killBuildAt('between-renames', site, out);
    expect(finished.signal).toBeNull();
    expect(finished.stderr).not.toContain('paused at');
    expectLinkedOutput(out);
    expect(leftovers(out)).toEqual([]);
    expect(readTree(out).get('news/ukrainian-patrol-police/index.html')?.toString()).toContain('Revised patrol police');
  });

  it('while replacing a plain dist/ folder (the one non-atomic moment) leaves the old site aside, and the next build puts it back', async () => {
    const { root, site, out } = copySample();
    roots.push(root);
    expect(runCli(['build', '--out', out], { cwd: site }).code).toBe(0);
    // As a version before the link layout (or a person) would have left it: a plain folder.
    const plain = `${out}-copy`;
    cpSync(out, plain, { recursive: true, dereference: true });
    rmSync(out);
    rmSync(path.join(path.dirname(out), '.dist.builds'), { recursive: true });
    cpSync(plain, out, { recursive: true });
    rmSync(plain, { recursive: true });
    const oldSite = readTree(out);

    const undoRevision = reviseItem(site);
    const killed = await killBuildAt('between-renames', site, out);
    expect(killed.signal).toBe('SIGKILL');
    expect(exists(out)).toBe(false);
    expect(leftovers(out).some((name) => name.startsWith('.dist.retired-'))).toBe(true);

    undoRevision();
    writeFileSync(path.join(site, 'content/news/broken.md'), '---\ntitle: [unclosed\n---\n');
    expect(runCli(['build', '--out', out], { cwd: site }).code).toBe(1);
    expect(lstatSync(out).isDirectory()).toBe(true);
    expect(leftovers(out)).toEqual([]);
    expectSameTree(readTree(out), oldSite);

    // The next successful build replaces the folder with the link layout; from then on every swap is atomic.
    removeDir(path.join(site, 'content/news/broken.md'));
    expect(runCli(['build', '--out', out], { cwd: site }).code).toBe(0);
    expectLinkedOutput(out);
    expect(leftovers(out)).toEqual([]);
    expectSameTree(readTree(out), oldSite);
  });
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
    expect(readdirSync(path.dirname(out)).sort()).toEqual(['.dist.builds', 'dist']);
    expectLinkedOutput(out);
    expect(leftovers(out)).toEqual([]);
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
    expect(leftovers(out)).toEqual([]);
  });

  it('is left as it was when an error turns up while pages are being written, and the half-filled build folder is deleted', () => {
    expect(runCli(['build', '--out', out], { cwd: site }).code).toBe(0);
    const previous = readTree(out);
    const template = path.join(site, 'templates/item.liquid');
    const original = readFileSync(template, 'utf8');
    // Found only when the first item page is rendered, after the assets and other pages have been written.
    writeFileSync(template, original.replace('{% block content %}', '{% block content %}<a href="/no-such-page/">x</a>'));
    const result = runCli(['build', '--out', out], { cwd: site });
    writeFileSync(template, original);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('links to /no-such-page/');
    expectSameTree(readTree(out), previous);
    expect(leftovers(out)).toEqual([]);
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
