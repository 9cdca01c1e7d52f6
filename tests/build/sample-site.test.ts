import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, readTree, removeDir, repoRoot, runCli } from '../helpers/site.js';

let out: string;
let tree: Map<string, Buffer>;
let result: ReturnType<typeof runCli>;

beforeAll(() => {
  out = path.join(makeTempDir('sample-'), 'dist');
  result = runCli(['build', '--out', out], { cwd: repoRoot });
  tree = readTree(out);
});
afterAll(() => removeDir(path.dirname(out)));

const html = (file: string): string => {
  const bytes = tree.get(file);
  if (!bytes) throw new Error(`${file} was not written`);
  return bytes.toString('utf8');
};

describe('the sample newsroom', () => {
  it('builds with exit code 0 and one summary line', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/^Built \d+ pages \(\d+ files\) into .* in \d+\.\d\d s\.$/m);
  });

  it('with --timings, says how long each stage took, in pipeline order', () => {
    const timedOut = path.join(path.dirname(out), 'timed');
    const timed = runCli(['build', '--no-cache', '--timings', '--out', timedOut], { cwd: repoRoot });
    expect(timed.code).toBe(0);
    const stages = /^Stages: (.*)\.$/m.exec(timed.stdout)?.[1]?.split(' · ') ?? [];
    expect(stages.map((stage) => stage.replace(/ \d+\.\d\d s$/, ''))).toEqual(['load', 'parse', 'model', 'render and write', 'search index', 'swap', 'cache']);
  });

  it('writes every page kind', () => {
    for (const file of [
      'index.html',
      'news/index.html',
      'news/2016/index.html',
      'news/ukrainian-patrol-police/index.html',
      'fields-of-work/index.html',
      'fields-of-work/policing/index.html',
      'participating-states/ukraine/index.html',
      'structures/secretariat/index.html',
      'field-operations/index.html',
      'field-operations/project-co-ordinator-in-ukraine/index.html',
      'meetings/summit-meetings/index.html',
      'search/index.html',
      '404.html',
      'sitemap.xml',
      'robots.txt',
      'news/atom.xml',
    ]) {
      expect(tree.has(file), file).toBe(true);
    }
  });

  it('renders the seed item faithfully, with its issuer, field of work and country linked', () => {
    const page = html('news/ukrainian-patrol-police/index.html');
    expect(page).toContain('<h1>Ukrainian patrol police, anti-trafficking officers build skills and knowledge with OSCE support</h1>');
    expect(page).toContain('<time datetime="2016-09-13">13 September 2016</time>');
    expect(page).toContain('<a href="/field-operations/project-co-ordinator-in-ukraine/">OSCE Project Co-ordinator in Ukraine</a> (closed)');
    expect(page).toContain('<a href="/fields-of-work/policing/">Policing</a>');
    expect(page).toContain('<a href="/participating-states/ukraine/">Ukraine</a>');
    expect(page).toContain('“The key element of all re-training programmes is building a new strategic vision aimed at ensuring protection of human rights,” said Kostiantyn Bushuev');
  });

  it('lists the item on its term pages, and on the host country through its field operation', () => {
    const item = 'href="/news/ukrainian-patrol-police/"';
    expect(html('fields-of-work/policing/index.html')).toContain(item);
    expect(html('participating-states/ukraine/index.html')).toContain(item);
    expect(html('field-operations/project-co-ordinator-in-ukraine/index.html')).toContain(item);
    expect(html('fields-of-work/elections/index.html')).not.toContain(item);
  });

  it('links a field operation to its host country and the country back to its operations', () => {
    expect(html('field-operations/mission-to-moldova/index.html')).toContain('href="/participating-states/moldova/"');
    expect(html('participating-states/moldova/index.html')).toContain('href="/field-operations/mission-to-moldova/"');
    expect(html('field-operations/mission-in-kosovo/index.html')).toMatch(/Host:<\/dt><dd>Kosovo</);
  });

  it('shows active and closed field operations apart on the overview', () => {
    const overview = html('field-operations/index.html');
    const closedAt = overview.indexOf('id="closed"');
    expect(closedAt).toBeGreaterThan(0);
    expect(overview.indexOf('href="/field-operations/mission-to-moldova/"')).toBeLessThan(closedAt);
    expect(overview.indexOf('href="/field-operations/project-co-ordinator-in-ukraine/"')).toBeGreaterThan(closedAt);
  });

  it('draws the structures overview as a tree', () => {
    const overview = html('structures/index.html');
    const secretariat = overview.indexOf('href="/structures/secretariat/"');
    const cpc = overview.indexOf('href="/structures/conflict-prevention-centre/"');
    expect(secretariat).toBeGreaterThan(0);
    expect(cpc).toBeGreaterThan(secretariat);
    expect(overview.slice(secretariat, cpc)).toContain('<ul>');
  });

  it('puts the navigation, grouped like the seed, on every page', () => {
    for (const file of ['index.html', 'news/ukrainian-patrol-police/index.html', '404.html']) {
      const page = html(file);
      expect(page).toContain('<summary>Our work</summary>');
      expect(page).toContain('<summary>Countries</summary>');
      expect(page).toContain('<summary>Structures and institutions</summary>');
    }
  });

  it('annotates the current Chairpersonship from site.yaml', () => {
    // SOURCE_DATE_EPOCH in the helper is 2026-01-15: site.yaml names Switzerland for 2026.
    expect(html('index.html')).toMatch(/Switzerland<\/a>\s*– OSCE Chairpersonship 2026/);
    expect(html('index.html')).not.toContain('OSCE Chairpersonship 2025');
  });

  it('has no link or asset reference that leads nowhere', () => {
    const broken: string[] = [];
    for (const [file, bytes] of tree) {
      if (!file.endsWith('.html')) continue;
      for (const match of bytes.toString('utf8').matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const target = match[1] ?? '';
        if (/^(?:https?:)?\/\//.test(target) || target.startsWith('#') || target.startsWith('mailto:')) continue;
        const clean = decodeURI(target.split(/[?#]/)[0] ?? '');
        const resolved = clean.startsWith('/') ? clean.slice(1) : path.posix.join(path.posix.dirname(file), clean);
        const candidates = resolved === '' || resolved.endsWith('/') ? [`${resolved}index.html`] : [resolved, `${resolved}/index.html`];
        if (!candidates.some((c) => tree.has(c))) broken.push(`${file} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('makes no request to another host for page assets', () => {
    for (const [file, bytes] of tree) {
      if (!file.endsWith('.html')) continue;
      const page = bytes.toString('utf8');
      expect(page, file).not.toMatch(/<link rel="(?:stylesheet|icon|preload)"[^>]+href="(?:https?:)?\/\//);
      expect(page, file).not.toMatch(/<(?:script|img|iframe|video|audio|source)[^>]+src="(?:https?:)?\/\//);
    }
  });
});
