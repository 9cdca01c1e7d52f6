import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readText, removeDir, runCli, writeSite } from '../helpers/site.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));
const emptySite = (): string => {
  const dir = writeSite({});
  made.push(dir);
  return dir;
};
const newsFiles = (dir: string): string[] => {
  try {
    return readdirSync(path.join(dir, 'content/news')).sort();
  } catch {
    return [];
  }
};

describe('communique new', () => {
  it('creates a dated file with commented front matter that check accepts, and prints its path', () => {
    const dir = emptySite();
    const result = runCli(['new', 'Türkiye: OSCE Chair visits Ankara', '--issued-by', 'chairpersonship', '--field', 'policing', '--field', 'elections', '--country', 'turkiye', '--meeting', 'summit-meetings'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('content/news/2026-01-15-turkiye-osce-chair-visits-ankara.md\n');
    const text = readText(path.join(dir, 'content/news/2026-01-15-turkiye-osce-chair-visits-ankara.md'));
    expect(text).toContain('\ntitle: "Türkiye: OSCE Chair visits Ankara"\n');
    expect(text).toContain('\ndate: 2026-01-15\n');
    expect(text).toContain('\nissuedBy: chairpersonship\n');
    expect(text).toContain('\nfieldsOfWork: [policing, elections]\n');
    expect(text).toContain('\ncountries: [turkiye]\n');
    expect(text).toContain('\nmeetings: [summit-meetings]\n');
    expect(text).toContain('\ndraft: true\n');
    expect(text.split('\n').filter((line) => line.startsWith('# ')).length).toBeGreaterThanOrEqual(8);
    const check = runCli(['check'], { cwd: dir });
    expect(check.stderr).toBe('');
    expect(check.stdout).toBe('No problems found.\n');
  });

  it('takes the date from --date, and the item is published once draft: true is removed', () => {
    const dir = emptySite();
    const result = runCli(['new', 'Elections observed', '--issued-by', 'office-for-democratic-institutions-and-human-rights', '--date', '2016-09-13'], { cwd: dir });
    expect(result.stdout).toBe('content/news/2016-09-13-elections-observed.md\n');
    const file = path.join(dir, 'content/news/2016-09-13-elections-observed.md');
    writeFileSync(file, readText(file).replace(/^.*\n(?=draft: true)/m, '').replace('draft: true\n', ''));
    expect(runCli(['build'], { cwd: dir }).code).toBe(0);
    expect(readText(path.join(dir, 'dist/news/elections-observed/index.html'))).toContain('<h1>Elections observed</h1>');
  });

  it('checks every id with the build’s suggestions and writes nothing when one is wrong', () => {
    const dir = emptySite();
    const result = runCli(['new', 'Typos', '--issued-by', 'secretariatt', '--field', 'polcing', '--country', 'Turkey', '--country', 'policing'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n\nUsage:')[0]).toBe(
      [
        '--issued-by secretariatt: error: Unknown issuer "secretariatt". Did you mean "secretariat"?',
        '--field polcing: error: Unknown field of work "polcing". Did you mean "policing"?',
        '--country Turkey: error: Unknown country "Turkey". Write the id, not the name. Did you mean "turkiye"?',
        '--country policing: error: "policing" is a field of work, not a country. Give it with --field instead.',
        'Nothing was written.',
      ].join('\n'),
    );
    expect(result.stderr).toContain('new "Title"');
    expect(newsFiles(dir)).toEqual([]);
  });

  it('writes the current id for a renamed one, with a warning', () => {
    const dir = emptySite();
    const result = runCli(['new', 'Old id', '--issued-by', 'secretariat', '--country', 'czech-republic'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('--country czech-republic: warning: "czech-republic" has been renamed "czechia". The new item uses "czechia".');
    expect(readText(path.join(dir, 'content/news/2026-01-15-old-id.md'))).toContain('\ncountries: [czechia]\n');
  });

  it('refuses to overwrite an existing file', () => {
    const dir = emptySite();
    expect(runCli(['new', 'Same title', '--issued-by', 'secretariat'], { cwd: dir }).code).toBe(0);
    const file = path.join(dir, 'content/news/2026-01-15-same-title.md');
    writeFileSync(file, 'edited by hand');
    const again = runCli(['new', 'Same title', '--issued-by', 'secretariat'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('content/news/2026-01-15-same-title.md already exists; it was left as it is. Give another title or --date.\n');
    expect(readText(file)).toBe('edited by hand');
  });

  it('rejects a bad date, a missing issuer and a missing title as usage errors', () => {
    const dir = emptySite();
    const badDate = runCli(['new', 'X', '--issued-by', 'secretariat', '--date', '13/09/2016'], { cwd: dir });
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--date 13/09/2016: error: "13/09/2016" is not a date in the form YYYY-MM-DD.');
    const impossible = runCli(['new', 'X', '--issued-by', 'secretariat', '--date', '2016-02-30'], { cwd: dir });
    expect(impossible.stderr).toContain('--date 2016-02-30: error: "2016-02-30" is not a day of the calendar.');
    const noIssuer = runCli(['new', 'X'], { cwd: dir });
    expect(noIssuer.code).toBe(2);
    expect(noIssuer.stderr).toContain('--issued-by: error: Say who issues the item.');
    const noTitle = runCli(['new', '--issued-by', 'secretariat'], { cwd: dir });
    expect(noTitle.code).toBe(2);
    expect(noTitle.stderr).toContain('Give the title in quotes: communique new "Title".');
    const unquoted = runCli(['new', 'Two', 'words', '--issued-by', 'secretariat'], { cwd: dir });
    expect(unquoted.code).toBe(2);
    expect(unquoted.stderr).toContain('Unexpected argument "words": put the whole title in quotes.');
    expect(newsFiles(dir)).toEqual([]);
  });

  it('rejects options that belong to another command', () => {
    const dir = emptySite();
    const result = runCli(['build', '--field', 'policing'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"build" does not take --field.');
  });
});

describe('communique new on broken taxonomies', () => {
  it('writes nothing and shows the taxonomy errors, since ids cannot be checked', () => {
    const dir = writeSite({ 'content/taxonomies/topics.yaml': 'title: Topics\nterms:\n  - id: water\n    name: Water\n  - id: water\n    name: Again\n' });
    made.push(dir);
    const result = runCli(['new', 'Any title', '--issued-by', 'secretariat'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'content/taxonomies/topics.yaml:5:9: error: Term id "water" is used twice in this vocabulary. Give each term its own id. [duplicate-term]\n' +
        'site.yaml or the taxonomies have errors (1 error, 0 warnings), so the ids cannot be checked. Nothing was written.\n',
    );
    expect(newsFiles(dir)).toEqual([]);
  });
});
