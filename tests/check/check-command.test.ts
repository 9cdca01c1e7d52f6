import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, newsItem, readTree, removeDir, repoRoot, runCli, writeSite } from '../helpers/site.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));
const site = (files: Record<string, string | Uint8Array>): string => {
  const dir = writeSite(files);
  made.push(dir);
  return dir;
};

describe('communique check', () => {
  it('finds no problem in the sample site', () => {
    const result = runCli(['check'], { cwd: repoRoot });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('No problems found.\n');
    expect(result.code).toBe(0);
  });

  it('writes nothing, even with --out', () => {
    const dir = site({ 'content/news/2016-09-13-fine.md': newsItem({}) });
    const result = runCli(['check', '--out', 'public'], { cwd: dir });
    expect(result.code).toBe(0);
    expect([...readTree(dir).keys()].some((file) => file.startsWith('public/') || file.startsWith('dist/'))).toBe(false);
  });

  it('adds GitHub annotations, one per problem, when GITHUB_ACTIONS=true', () => {
    const dir = site({ 'content/news/2016-09-13-typo.md': newsItem({ fieldsOfWork: '[polcing]', feildsOfWork: '[x]' }) });
    const result = runCli(['check'], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([
      '::error file=content/news/2016-09-13-typo.md,line=6,col=16,title=unknown-term::Unknown field of work "polcing". Did you mean "policing"?',
      '::warning file=content/news/2016-09-13-typo.md,line=7,col=1,title=unknown-field::Unknown field "feildsOfWork" in the front matter; it is ignored. Did you mean "fieldsOfWork"?',
    ]);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('1 error, 1 warning');
  });

  it('prints no annotations outside GitHub Actions', () => {
    const dir = site({ 'content/news/2016-09-13-typo.md': newsItem({ fieldsOfWork: '[polcing]' }) });
    const result = runCli(['check'], { cwd: dir });
    expect(result.stdout).not.toContain('::error');
    expect(result.stderr).toBe('content/news/2016-09-13-typo.md:6:16: error: Unknown field of work "polcing". Did you mean "policing"? [unknown-term]\n');
  });

  it('sorts problems of several files by path and line', () => {
    const dir = site({
      'content/news/2016-09-14-b.md': newsItem({ countries: '[atlantis]', meetings: '[nope]' }),
      'content/news/2016-09-13-a.md': newsItem({ date: '2016-13-01' }),
    });
    const result = runCli(['check'], { cwd: dir });
    expect(result.stderr.trimEnd().split('\n').map((line) => line.split(': ')[0])).toEqual([
      'content/news/2016-09-13-a.md:3:7',
      'content/news/2016-09-14-b.md:6:13',
      'content/news/2016-09-14-b.md:7:12',
    ]);
    expect(result.stdout).toBe('3 errors, 0 warnings\n');
  });

  it('validates drafts and scheduled items too', () => {
    const dir = site({
      'content/news/2016-09-13-draft.md': newsItem({ draft: 'true', fieldsOfWork: '[polcing]' }),
      'content/news/2099-01-01-later.md': newsItem({ date: '2099-01-01', countries: '[atlantis]' }),
    });
    const result = runCli(['check'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content/news/2016-09-13-draft.md:7:16: error: Unknown field of work "polcing".');
    expect(result.stderr).toContain('content/news/2099-01-01-later.md:6:13: error: Unknown country "atlantis".');
  });
});

describe('files saved on Windows', () => {
  it('accepts a byte-order mark and CRLF line endings and builds the item as if they were not there', () => {
    const dir = site({
      'content/news/2016-09-13-windows.md': '\uFEFF---\r\ntitle: Saved on Windows\r\ndate: 2016-09-13\r\nsummary: A summary.\r\nissuedBy: conflict-prevention-centre\r\n---\r\n\r\nFirst paragraph.\r\n\r\nSecond paragraph.\r\n',
    });
    const result = runCli(['build'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const page = readFileSync(path.join(dir, 'dist/news/windows/index.html'), 'utf8');
    expect(page).toContain('<h1>Saved on Windows</h1>');
    expect(page).toContain('<p>First paragraph.</p>\n<p>Second paragraph.</p>');
    expect(page).not.toContain('\r');
    expect(page).not.toContain('\uFEFF');
  });
});

describe('communique build with content errors', () => {
  it('writes nothing and leaves an existing dist/ byte for byte as it was', () => {
    const dir = site({ 'content/news/2016-09-13-fine.md': newsItem({}) });
    expect(runCli(['build'], { cwd: dir }).code).toBe(0);
    const before = readTree(path.join(dir, 'dist'));
    const cacheBefore = readTree(path.join(dir, '.cache'));
    expect(before.size).toBeGreaterThan(10);
    writeFileSync(path.join(dir, 'content/news/2016-09-13-fine.md'), newsItem({ title: '"Unclosed' }));
    writeFileSync(path.join(dir, 'content/news/2016-09-14-new.md'), newsItem({ title: 'Would be a new page' }));
    const failed = runCli(['build'], { cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('content/news/2016-09-13-fine.md:2:8: error: This value opens a " quote that is never closed.');
    expect(failed.stderr).toContain('Build failed: 1 error, 0 warnings. Nothing was written; dist/ is as it was.');
    expect(failed.stdout).toBe('');
    const after = readTree(path.join(dir, 'dist'));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [file, bytes] of before) expect(after.get(file)?.equals(bytes), file).toBe(true);
    // The good build left its cache; the failed one neither adds a folder nor touches the cache.
    expect(readdirSync(dir).sort()).toEqual(['.cache', '.dist.builds', 'content', 'dist', 'templates']);
    const cacheAfter = readTree(path.join(dir, '.cache'));
    expect([...cacheAfter.keys()].sort()).toEqual([...cacheBefore.keys()].sort());
    for (const [file, bytes] of cacheBefore) expect(cacheAfter.get(file)?.equals(bytes), file).toBe(true);
  });

  it('does not create the output folder when there are errors', () => {
    const dir = makeTempDir('no-out-');
    made.push(dir);
    const siteDir = site({ 'content/news/2016-09-13-typo.md': newsItem({ countries: '[atlantis]' }) });
    const result = runCli(['build', '--out', path.join(dir, 'out')], { cwd: siteDir });
    expect(result.code).toBe(1);
    expect(readTree(dir).size).toBe(0);
  });
});
