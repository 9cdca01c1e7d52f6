import { mkdirSync, writeFileSync } from 'node:fs';
import { readdir, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { OutputFile } from '../render/render-site.js';
import { contentHash, unpacked, type FileContent } from '../render/packed-html.js';

/** What an in-place write did. */
export interface WriteReport {
  /** Output paths written because they are new or their bytes changed. */
  readonly written: string[];
  /** Output paths deleted because the site no longer has them. */
  readonly removed: string[];
}

/**
 * Writes into `outDir` in place only the files whose bytes differ from
 * `previous` (output path → sha256, updated here), and deletes files the site
 * no longer has. `lastContent` (updated here) holds what was last written to
 * each path, so identical content is recognized without hashing it. For the dev session: an edit touches a few files, not all.
 * With `complete: false`, `files` is only part of the site (the rest is as
 * last written) and nothing is deleted.
 */
export async function writeChangedFiles(
  outDir: string,
  files: readonly OutputFile[],
  previous: Map<string, string>,
  lastContent: Map<string, FileContent> = new Map(),
  { complete = true }: { complete?: boolean } = {},
): Promise<WriteReport> {
  const written: string[] = [];
  const removed: string[] = [];
  const current = new Set<string>();
  const changed: { file: OutputFile; hash: string }[] = [];
  for (const file of files) {
    current.add(file.path);
    // A page taken unchanged from the page memo is the very object written last time: no need to hash it.
    if (lastContent.get(file.path) === file.content && previous.has(file.path)) continue;
    const hash = contentHash(file.content);
    if (previous.get(file.path) !== hash) changed.push({ file, hash });
    else lastContent.set(file.path, file.content);
  }
  // Synchronous writes: an edit rewrites a few dozen small files, and promise-based fs costs more per file than the
  // write itself (see the staged output's writer).
  for (const { file, hash } of changed) {
    writeCreatingFolder(path.join(outDir, file.path), unpacked(file.content));
    previous.set(file.path, hash);
    lastContent.set(file.path, file.content);
  }
  written.push(...changed.map(({ file }) => file.path));
  for (const file of complete ? [...previous.keys()] : []) {
    if (current.has(file)) continue;
    previous.delete(file);
    lastContent.delete(file);
    await unlink(path.join(outDir, file)).catch(() => undefined);
    await removeEmptyParents(outDir, path.dirname(path.join(outDir, file)));
    removed.push(file);
  }
  return { written, removed };
}

/** Writes a file, creating its folder only when missing (most writes replace a file in a folder that is there). */
function writeCreatingFolder(target: string, content: string | Uint8Array): void {
  try {
    writeFileSync(target, content);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** A clean build has no empty folders, so an incremental one leaves none either. */
async function removeEmptyParents(root: string, dir: string): Promise<void> {
  for (let current = dir; current.startsWith(root + path.sep); current = path.dirname(current)) {
    const entries = await readdir(current).catch(() => null);
    if (!entries || entries.length > 0) return;
    await rmdir(current).catch(() => undefined);
  }
}
