import path from 'node:path';
import { expect } from 'vitest';
import { build, type BuildOptions } from '../../lib/build.js';
import { readTree } from './site.js';

/**
 * Builds the site in `common.cwd` twice, into `a/` with `a`'s options and into
 * `b/` with `b`'s (each over `common`): both must succeed and write the same
 * files, byte for byte. Returns how many files each wrote.
 */
export async function expectSameSiteBothWays(common: Omit<BuildOptions, 'outDir'> & { readonly cwd: string }, a: Partial<BuildOptions>, b: Partial<BuildOptions>): Promise<number> {
  const first = await build({ ...common, ...a, outDir: 'a' });
  const second = await build({ ...common, ...b, outDir: 'b' });
  expect(first.ok && second.ok).toBe(true);
  const treeA = readTree(path.join(common.cwd, 'a'));
  const treeB = readTree(path.join(common.cwd, 'b'));
  expect([...treeA.keys()]).toEqual([...treeB.keys()]);
  for (const [file, bytes] of treeB) expect(treeA.get(file)?.equals(bytes), file).toBe(true);
  return treeA.size;
}
