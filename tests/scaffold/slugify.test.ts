import { describe, expect, it } from 'vitest';
import { slugifyTitle } from '../../src/scaffold/slugify.js';
import { runCli, repoRoot } from '../helpers/site.js';

describe('slugifyTitle', () => {
  it('drops accents and punctuation and joins words with single hyphens', () => {
    expect(slugifyTitle('Türkiye: OSCE Chair visits Ankara')).toBe('turkiye-osce-chair-visits-ankara');
    expect(slugifyTitle('  “Human rights” — 2016 / review  ')).toBe('human-rights-2016-review');
  });

  it('cuts a long headline at a word boundary within 60 characters', () => {
    const slug = slugifyTitle('Ukrainian patrol police, anti-trafficking officers build skills and knowledge with OSCE support');
    expect(slug).toBe('ukrainian-patrol-police-anti-trafficking-officers-build');
    expect(slug.length).toBeLessThanOrEqual(60);
  });

  it('gives nothing for a title with no Latin letters or digits', () => {
    expect(slugifyTitle('ОБСЕ')).toBe('');
  });
});

describe('the usage text', () => {
  it('lists every command, with exit code 0 for --help', () => {
    const result = runCli(['--help'], { cwd: repoRoot });
    expect(result.code).toBe(0);
    for (const command of ['build ', 'check ', 'new "Title"', 'dev ', '--issued-by ID', '--field ID', '--country ID', '--date YYYY-MM-DD', '--port N']) {
      expect(result.stdout).toContain(command);
    }
  });

  it('exits 2 with the usage text for an unknown command', () => {
    const result = runCli(['publish'], { cwd: repoRoot });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command "publish".');
    expect(result.stderr).toContain('Usage: communique <command> [options]');
  });
});
