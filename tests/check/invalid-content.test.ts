import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invalidRoot, listInvalidCases, prepareInvalidCase } from '../helpers/invalid-case.js';
import { removeDir, runCli } from '../helpers/site.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

/**
 * Each folder under tests/invalid/ is a site with one kind of mistake; its
 * expected.txt holds the exact lines `communique check` prints: every
 * diagnostic (`file:line:col: severity: message hint [rule]`), then the count.
 */
describe('communique check on invalid content', () => {
  const cases = listInvalidCases();
  it('has cases to run', () => {
    expect(cases.length).toBeGreaterThan(20);
  });
  for (const name of cases) {
    it(`reports ${name} exactly`, () => {
      const expected = readFileSync(path.join(invalidRoot, name, 'expected.txt'), 'utf8').trimEnd();
      const dir = prepareInvalidCase(name);
      made.push(dir);
      const result = runCli(['check'], { cwd: dir });
      // Diagnostics go to stderr (they are problems), the count to stdout; together they are what an editor sees.
      expect(`${result.stderr}${result.stdout}`.trimEnd()).toBe(expected);
      expect(result.code).toBe(expected.includes(': error: ') ? 1 : 0);
    });
  }
});
