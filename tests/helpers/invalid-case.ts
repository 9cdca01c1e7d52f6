import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, repoRoot } from './site.js';

/** Folder holding one invalid-input case per subfolder, each with an `expected.txt`. */
export const invalidRoot = path.join(repoRoot, 'tests/invalid');

/** Names of the cases under `tests/invalid/`, sorted. */
export function listInvalidCases(): string[] {
  return readdirSync(invalidRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Lays out a case as a site in a temp folder: the sample site.yaml, taxonomies
 * and templates, then the case's own files over them (a case's file replaces a
 * sample file of the same path). `expected.txt` is not copied.
 */
export function prepareInvalidCase(name: string): string {
  const dir = makeTempDir(`invalid-${name}-`);
  cpSync(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  cpSync(path.join(repoRoot, 'content/site.yaml'), path.join(dir, 'content/site.yaml'));
  cpSync(path.join(repoRoot, 'content/taxonomies'), path.join(dir, 'content/taxonomies'), { recursive: true });
  cpSync(path.join(invalidRoot, name), dir, { recursive: true, filter: (source) => path.basename(source) !== 'expected.txt' });
  return dir;
}
