import { cpSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, readTree, removeDir, repoRoot, runCli } from '../helpers/site.js';

const roots: string[] = [];
afterAll(() => roots.forEach(removeDir));

/** Copies `from` into `to`, creating the files of each folder in the given order, so directory order differs between copies. */
function copyInOrder(from: string, to: string, order: 'forward' | 'reverse'): void {
  mkdirSync(to, { recursive: true });
  const entries = readdirSync(from, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  if (order === 'reverse') entries.reverse();
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyInOrder(source, target, order);
    else writeFileSync(target, readFileSync(source));
  }
}

const ENVIRONMENTS = [
  { TZ: 'Pacific/Kiritimati', LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' },
  { TZ: 'America/Los_Angeles', LANG: 'tr_TR.UTF-8', LC_ALL: 'de_DE.UTF-8' },
] as const;

function buildIn(site: string, env: NodeJS.ProcessEnv): Map<string, Buffer> {
  const out = path.join(makeTempDir('determinism-out-'), 'dist');
  roots.push(path.dirname(out));
  const result = runCli(['build', '--out', out], { cwd: site, env });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return readTree(out);
}

function expectIdentical(a: Map<string, Buffer>, b: Map<string, Buffer>): void {
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  const different = [...a].filter(([file, bytes]) => !b.get(file)?.equals(bytes)).map(([file]) => file);
  expect(different).toEqual([]);
}

/** A fixture with several items and translations-free terms, so order of discovery could matter. */
function writeFixture(order: 'forward' | 'reverse'): string {
  const source = makeTempDir('determinism-src-');
  roots.push(source);
  cpSync(path.join(repoRoot, 'content'), path.join(source, 'content'), { recursive: true });
  cpSync(path.join(repoRoot, 'templates'), path.join(source, 'templates'), { recursive: true });
  const items: [string, string, string][] = [
    ['2016-09-13-b-same-day.md', '2016-09-13', 'fieldsOfWork: [policing, elections]'],
    ['2016-09-13-a-same-day.md', '2016-09-13', 'fieldsOfWork: [elections]'],
    ['2016-01-01-new-year.md', '2016-01-01', 'countries: [moldova]'],
    ['2015-12-31-old-year.md', '2015-12-31', 'countries: [ukraine, moldova]'],
  ];
  for (const [file, date, extra] of items) {
    writeFileSync(
      path.join(source, 'content/news', file),
      `---\ntitle: Item ${file}\ndate: ${date}\nsummary: Summary of ${file}.\nissuedBy: secretariat\n${extra}\n---\n\nText of ${file}, dated ${date}.\n`,
    );
  }
  const site = makeTempDir(`determinism-${order}-`);
  roots.push(site);
  copyInOrder(source, site, order);
  return site;
}

describe('the same commit', () => {
  it('builds the sample site byte for byte alike under different time zones and locales', () => {
    const [first, second] = ENVIRONMENTS.map((env) => buildIn(repoRoot, env));
    expectIdentical(first!, second!);
    const page = first!.get('news/ukrainian-patrol-police/index.html')?.toString('utf8') ?? '';
    expect(page).toContain('<time datetime="2016-09-13">13 September 2016</time>');
  });

  it('builds a fixture alike whatever the time zone, the locale and the order files were created in', () => {
    const forward = buildIn(writeFixture('forward'), ENVIRONMENTS[0]);
    const reverse = buildIn(writeFixture('reverse'), ENVIRONMENTS[1]);
    expectIdentical(forward, reverse);
    // Same-day items and the new-year boundary keep their calendar dates in every zone.
    for (const tree of [forward, reverse]) {
      expect(tree.get('news/a-same-day/index.html')?.toString()).toContain('<time datetime="2016-09-13">13 September 2016</time>');
      expect(tree.get('news/new-year/index.html')?.toString()).toContain('<time datetime="2016-01-01">1 January 2016</time>');
      expect(tree.get('news/old-year/index.html')?.toString()).toContain('<time datetime="2015-12-31">31 December 2015</time>');
      expect(tree.has('news/2015/index.html')).toBe(true);
    }
  });

  it('writes nothing that depends on the clock: two builds on the same day at different hours are identical', () => {
    // 2026-01-15 00:00:01 UTC and 23:59:59 UTC: only the calendar day may reach the output.
    const morning = buildIn(repoRoot, { ...ENVIRONMENTS[0], SOURCE_DATE_EPOCH: String(Date.UTC(2026, 0, 15, 0, 0, 1) / 1000) });
    const evening = buildIn(repoRoot, { ...ENVIRONMENTS[1], SOURCE_DATE_EPOCH: String(Date.UTC(2026, 0, 15, 23, 59, 59) / 1000) });
    expectIdentical(morning, evening);
    for (const [file, bytes] of morning) {
      // No clock time is written anywhere: feeds carry the items' own dates at midnight UTC.
      expect(bytes.toString('latin1'), file).not.toMatch(/2026-01-15T(?!00:00:00)/);
    }
  });
});
