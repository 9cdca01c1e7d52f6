import { randomBytes } from 'node:crypto';
import { copyFile as copyFileCallback, link as linkCallback, mkdir as mkdirCallback, writeFile as writeFileCallback } from 'node:fs';
import { lstat, mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { OutputFile, SiteFile } from '../render/render-site.js';

/**
 * The layout beside `--out` (here `dist`):
 *
 *     dist -> .dist.builds/<token>     a symbolic link, replaced by one rename
 *     .dist.builds/<token>/            complete sites (one, except while building)
 *     .dist.link-<token>               the new link, for an instant before its rename
 *     .dist.retired-<token>/           only when replacing a plain folder (see below)
 *
 * Replacing a symbolic link with rename(2) is atomic: at every instant `dist`
 * names either the old complete site or the new one. A non-empty folder cannot
 * be replaced atomically that way, which is why `dist` is a link.
 */
export function buildsFolder(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.builds`);
}
function linkPrefix(outDir: string): string {
  return `.${path.basename(outDir)}.link-`;
}
function retiredPrefix(outDir: string): string {
  return `.${path.basename(outDir)}.retired-`;
}
/** Staging folders of versions before the link layout; only cleaned up. */
function legacyStagingPrefix(outDir: string): string {
  return `.${path.basename(outDir)}.staging-`;
}

/**
 * Cleans what a killed build left beside `outDir`: every build folder that
 * `outDir` does not point to, and half-made links. If a build was killed while
 * replacing a plain `outDir` folder (the one non-atomic moment, see
 * `writeOutputAtomically`), the retired folder is the last complete site: it is
 * put back.
 */
export async function recoverInterruptedBuild(outDir: string): Promise<void> {
  const parent = path.dirname(outDir);
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  const retired = entries.filter((name) => name.startsWith(retiredPrefix(outDir))).sort();
  if ((await entryKind(outDir)) === 'missing' && retired.length > 0) {
    const newest = retired.pop();
    if (newest) await rename(path.join(parent, newest), outDir);
  }
  const strays = entries.filter((name) => name.startsWith(linkPrefix(outDir)) || name.startsWith(legacyStagingPrefix(outDir)));
  await Promise.all([...strays, ...retired].map((name) => rm(path.join(parent, name), { recursive: true, force: true })));
  await removeBuildsExcept(outDir, await currentBuild(outDir));
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
 * Without it, a `PublishedCopy` is linked from its source.
 */
export interface ReuseOptions {
  readonly reuse: (file: SiteFile) => string | null;
  /** Called with the staging folder once complete, before the swap (to record sizes and times). */
  readonly afterStaging?: (staging: string) => Promise<void>;
}

/** A new build folder being filled, file by file, before it replaces the output. */
export interface StagedOutput {
  /** The build folder (under `.<out>.builds/`). */
  readonly dir: string;
  /**
   * Writes one file (or hard-links its unchanged previous copy, or the
   * published copy it is). Resolves as
   * soon as another write may start, not when this one is done: a bounded
   * number run at once, so a caller rendering pages is slowed only when the
   * disk falls behind. A failed write makes later writes and `commit` reject.
   */
  write(file: SiteFile): Promise<void>;
  /** Waits for every write, runs the hooks, and swaps the folder in (see `writeOutputAtomically`). */
  commit(): Promise<void>;
  /** Waits for pending writes and deletes the folder: the output stays as it was. */
  abort(): Promise<void>;
}

/** Writes running at once: enough to keep the disk busy while the main thread renders. */
const WRITES_IN_FLIGHT = 16;

// The callback API, promisified: it costs the main thread less per call than fs/promises' file handles.
const linkFile = promisify(linkCallback);
const makeFolderOnly = promisify(mkdirCallback);
const writeFileContent = promisify(writeFileCallback);
const copyFileOnly = promisify(copyFileCallback);

/**
 * Opens the write stage for files that arrive one by one (the build writes
 * each page as soon as it is rendered, so it never holds the whole site in
 * memory). `expectedFiles` only places the `mid-write` test pause. Nothing
 * outside the new build folder changes until `commit`.
 *
 * Callers run `recoverInterruptedBuild` first: `build()` does, before it reads
 * anything, so a failing build cleans up too.
 */
export async function openStagedOutput(outDir: string, expectedFiles: number, hooks: WriteHooks = {}, reuse?: ReuseOptions): Promise<StagedOutput> {
  const parent = path.dirname(outDir);
  await mkdir(buildsFolder(outDir), { recursive: true });
  const token = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = path.join(buildsFolder(outDir), token);
  const newLink = path.join(parent, `${linkPrefix(outDir)}${token}`);
  await mkdir(staging);
  await hooks.pause?.('before-write');

  // Each folder is made once, after its parent (no recursive walk); writes into it wait for that one mkdir.
  const folders = new Map<string, Promise<void>>([[staging, Promise.resolve()]]);
  const makeFolder = (folder: string): Promise<void> => {
    let made = folders.get(folder);
    if (!made) {
      made = makeFolder(path.dirname(folder)).then(async () => {
        await makeFolderOnly(folder);
      });
      folders.set(folder, made);
    }
    return made;
  };
  const pending = new Set<Promise<void>>();
  let failure: unknown = null;
  let written = 0;
  const half = Math.ceil(expectedFiles / 2);

  // The main thread renders, which is the build's bottleneck: each file system call runs on libuv's threads.
  const writeOne = async (file: SiteFile): Promise<void> => {
    const target = path.join(staging, file.path);
    await makeFolder(path.dirname(target));
    const previous = reuse ? reuse.reuse(file) : 'source' in file ? file.source : null;
    if (previous) {
      try {
        // Unchanged bytes: link the old file instead of writing it again.
        await linkFile(previous, target);
        return;
      } catch {
        // another file system, or the old file vanished: write it
      }
    }
    if ('content' in file) await writeFileContent(target, file.content);
    else await copyFileOnly(file.source, target);
  };
  const settle = async (): Promise<void> => {
    await Promise.all(pending);
    if (failure !== null) throw failure;
  };
  const discard = async (): Promise<void> => {
    await Promise.allSettled(pending);
    await rm(newLink, { force: true });
    await rm(staging, { recursive: true, force: true });
  };

  return {
    dir: staging,
    async write(file) {
      if (failure !== null) throw failure;
      const task = writeOne(file).catch((error: unknown) => {
        failure ??= error;
      });
      pending.add(task);
      void task.finally(() => pending.delete(task));
      written += 1;
      // Only so that a test can kill the build with the staging folder half full.
      if (written === half) {
        await settle();
        await hooks.pause?.('mid-write');
      }
      while (pending.size >= WRITES_IN_FLIGHT) await Promise.race(pending);
    },
    async commit() {
      try {
        await settle();
        if (written < half || half === 0) await hooks.pause?.('mid-write');
        await reuse?.afterStaging?.(staging);
        await hooks.afterWrite?.(staging);
        await hooks.beforeSwap?.();
        await makeLink(outDir, staging, newLink);
        await hooks.pause?.('before-swap');
        if ((await entryKind(outDir)) === 'folder') {
          await rename(outDir, path.join(parent, `${retiredPrefix(outDir)}${token}`));
          await hooks.pause?.('between-renames');
        }
        await rename(newLink, outDir);
      } catch (error) {
        await discard();
        throw error;
      }
      await hooks.pause?.('after-swap');
      await recoverInterruptedBuild(outDir);
    },
    abort: discard,
  };
}

/**
 * The write stage for files already in memory: writes every file into a new
 * folder under `.<out>.builds/`, then points `outDir` at it by renaming a new
 * symbolic link over the old one, in one atomic step. Until that rename the old
 * site is untouched; after it the new one is complete. The old build folder is
 * then deleted.
 *
 * When `outDir` is a plain folder (made by hand, or by a version before this
 * layout), it is first renamed aside: between that rename and the link's there
 * is an instant with no `outDir`, and `recoverInterruptedBuild` puts the
 * retired folder back if the build dies there. Every later build is atomic.
 */
export async function writeOutputAtomically(outDir: string, files: readonly OutputFile[], hooks: WriteHooks = {}, reuse?: ReuseOptions): Promise<void> {
  const staged = await openStagedOutput(outDir, files.length, hooks, reuse);
  try {
    for (const file of files) await staged.write(file);
  } catch (error) {
    await staged.abort();
    throw error;
  }
  await staged.commit();
}

/** The name (under the builds folder) of the build `outDir` points to, or null. */
async function currentBuild(outDir: string): Promise<string | null> {
  if ((await entryKind(outDir)) !== 'link') return null;
  const target = path.resolve(path.dirname(outDir), await readlink(outDir));
  return path.dirname(target) === buildsFolder(outDir) ? path.basename(target) : null;
}

async function removeBuildsExcept(outDir: string, keep: string | null): Promise<void> {
  const builds = buildsFolder(outDir);
  const names = await readdir(builds).catch(() => null);
  if (!names) return;
  await Promise.all(names.filter((name) => name !== keep).map((name) => rm(path.join(builds, name), { recursive: true, force: true })));
  if (keep === null) await rm(builds, { recursive: true, force: true });
}

async function makeLink(outDir: string, target: string, at: string): Promise<void> {
  if (process.platform === 'win32') {
    // Directory junctions need no privilege on Windows, but take an absolute target.
    await symlink(target, at, 'junction');
  } else {
    // Relative, so the output (link and builds folder) can be moved or mounted elsewhere as a whole.
    await symlink(path.relative(path.dirname(outDir), target), at, 'dir');
  }
}

async function entryKind(target: string): Promise<'missing' | 'link' | 'folder' | 'other'> {
  try {
    const info = await lstat(target);
    if (info.isSymbolicLink()) return 'link';
    return info.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'missing';
  }
}
