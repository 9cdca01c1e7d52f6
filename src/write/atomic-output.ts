import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputFile } from '../render/render-site.js';

/** Names of the folders a build keeps beside `--out` while it works. */
export function stagingPrefix(outDir: string): string {
  return `.${path.basename(outDir)}.staging-`;
}
export function retiredPrefix(outDir: string): string {
  return `.${path.basename(outDir)}.retired-`;
}

/**
 * Cleans what a killed build left beside `outDir`. If a build was killed
 * between retiring the old output and moving the new one in, the retired
 * folder is the last complete site: it is put back.
 */
export async function recoverInterruptedBuild(outDir: string): Promise<void> {
  const parent = path.dirname(outDir);
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  const staging = entries.filter((name) => name.startsWith(stagingPrefix(outDir)));
  const retired = entries.filter((name) => name.startsWith(retiredPrefix(outDir))).sort();
  if (!(await exists(outDir)) && retired.length > 0) {
    const newest = retired.pop();
    if (newest) await rename(path.join(parent, newest), outDir);
  }
  await Promise.all([...staging, ...retired].map((name) => rm(path.join(parent, name), { recursive: true, force: true })));
}

/** Named moments of the write stage where a test can stop a build (see `src/write/test-pause.ts`). */
export type WritePoint = 'before-write' | 'mid-write' | 'before-swap' | 'between-renames' | 'after-swap';

export interface WriteHooks {
  /** Called with the complete staging folder before the swap, to add generated files (the search index). A throw keeps the old output. */
  readonly afterWrite?: (stagingDir: string) => Promise<void>;
  /** Called after the staging folder is complete and before the swap (tests pause here). */
  readonly beforeSwap?: () => Promise<void>;
  /** Called at each `WritePoint`; the kill tests make the process wait there to be SIGKILLed. */
  readonly pause?: (point: WritePoint) => Promise<void>;
}

/**
 * Optional: for a file about to be written into the staging folder, an existing
 * file with the same bytes to hard-link instead (the previous output), or null.
 * `written` receives each staged file's path and whether it was linked.
 */
export interface ReuseOptions {
  readonly reuse: (file: OutputFile) => Promise<string | null>;
  /** Called with the staging folder once complete, before the swap (to record sizes and times). */
  readonly afterStaging?: (staging: string) => Promise<void>;
}

/**
 * The write stage: writes every file into a staging folder beside `outDir`,
 * then swaps it in with two renames. Until the first rename the old site is
 * untouched; after a crash between the two, `recoverInterruptedBuild` puts it
 * back. Callers run `recoverInterruptedBuild` first: `build()` does, before it
 * reads anything, so a failing build cleans up too. Nothing is written outside
 * `outDir`'s parent's staging folders.
 */
export async function writeOutputAtomically(outDir: string, files: readonly OutputFile[], hooks: WriteHooks = {}, reuse?: ReuseOptions): Promise<void> {
  const parent = path.dirname(outDir);
  await mkdir(parent, { recursive: true });
  const token = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = path.join(parent, `${stagingPrefix(outDir)}${token}`);
  const half = Math.ceil(files.length / 2);
  try {
    await hooks.pause?.('before-write');
    // Written in two halves only so a test can kill the build with the staging folder half full.
    await writeTree(staging, files.slice(0, half), reuse?.reuse);
    await hooks.pause?.('mid-write');
    await writeTree(staging, files.slice(half), reuse?.reuse);
    await reuse?.afterStaging?.(staging);
    await hooks.afterWrite?.(staging);
    await hooks.beforeSwap?.();
    await hooks.pause?.('before-swap');
    const retired = path.join(parent, `${retiredPrefix(outDir)}${token}`);
    const hadOutput = await exists(outDir);
    if (hadOutput) await rename(outDir, retired);
    await hooks.pause?.('between-renames');
    await rename(staging, outDir);
    await hooks.pause?.('after-swap');
    if (hadOutput) await rm(retired, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Writes files under `root`, creating folders once each, a bounded number at a time. */
export async function writeTree(root: string, files: readonly OutputFile[], reuse?: (file: OutputFile) => Promise<string | null>): Promise<void> {
  const folders = new Set<string>([root]);
  for (const file of files) folders.add(path.dirname(path.join(root, file.path)));
  for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true });
  const queue = [...files];
  const workers = Array.from({ length: 16 }, async () => {
    for (let file = queue.pop(); file; file = queue.pop()) {
      const previous = reuse ? await reuse(file) : null;
      if (previous) {
        try {
          // Unchanged bytes: link the old file instead of writing it again.
          await link(previous, path.join(root, file.path));
          continue;
        } catch {
          // another file system, or the old file vanished: write it
        }
      }
      await writeFile(path.join(root, file.path), file.content);
    }
  });
  await Promise.all(workers);
}

async function exists(target: string): Promise<boolean> {
  try {
    await stat(target);
    return true;
  } catch {
    return false;
  }
}
