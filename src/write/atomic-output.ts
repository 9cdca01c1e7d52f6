import { randomBytes } from 'node:crypto';
import { copyFile as copyFileCallback, link as linkCallback, mkdir as mkdirCallback, statSync, writeFile as writeFileCallback } from 'node:fs';
import { lstat, mkdir, readdir, readlink, rename, rm, rmdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { OutputFile, SiteFile } from '../render/render-site.js';
import { unpacked } from '../render/packed-html.js';

/**
 * The layout beside `--out` (here `dist`):
 *
 *     dist -> .dist.builds/<token>     a symbolic link, replaced by one rename
 *     .dist.builds/<token>/            complete sites (one, except while building)
 *     .dist.builds/spare-<token>/      the site the last swap replaced, kept by builds with a cache
 *     .dist.link-<token>               the new link, for an instant before its rename
 *     .dist.retired-<token>/           only when replacing a plain folder (see below)
 *
 * Replacing a symbolic link with rename(2) is atomic: at every instant `dist`
 * names either the old complete site or the new one. A non-empty folder cannot
 * be replaced atomically that way, which is why `dist` is a link.
 *
 * The spare is a complete site too, the one before the current: a build with
 * a cache turns it into its staging folder and changes only the files that
 * differ (on publish-on-merge, a few hundred of some tens of thousands),
 * rather than making every folder and link of a new one and then deleting the
 * old one, which on a large site cost more than rendering.
 */
export function buildsFolder(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.builds`);
}
function linkPrefix(outDir: string): string {
  return `.${path.basename(outDir)}.link-`;
}
/** Build folders kept as the spare start with this. */
export const SPARE_PREFIX = 'spare-';

/** The name a build folder (its name under the builds folder) is kept under as the spare. */
export function spareNameOf(buildFolder: string): string {
  return `${SPARE_PREFIX}${buildFolder}`;
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
  // A spare is a complete site (kept on purpose); any other folder is a killed build's staging.
  await removeBuildsExcept(outDir, await currentBuild(outDir), (name) => name.startsWith(SPARE_PREFIX));
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

/** A file's inode, size and modification time, as a `stat` saw them. */
export interface FileStamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** An existing file to hard-link, with its stamp when the caller has just seen it (saving a `stat`). */
export interface LinkSource {
  readonly path: string;
  readonly stamp?: FileStamp;
}

/**
 * Optional: for a file about to be written into the staging folder, an existing
 * file with the same bytes to hard-link instead (the previous output), or null.
 * Without it, a `PublishedCopy` is linked from its source.
 */
export interface ReuseOptions {
  readonly reuse: (file: SiteFile) => LinkSource | null;
  /** Called for each file once it is in the staging folder, with its size and modification time there. */
  readonly placed?: (file: string, stamp: FileStamp) => void;
}

/**
 * A spare build folder to fill instead of an empty one: its name under the
 * builds folder, and every file it holds besides `pagefind/` (paths relative
 * to it), as the manifest of the build that wrote it lists them.
 */
export interface SpareBuild {
  readonly folder: string;
  readonly files: readonly string[];
}

/** A new build folder being filled, file by file, before it replaces the output. */
export interface StagedOutput {
  /** The build folder (under `.<out>.builds/`). */
  readonly dir: string;
  /** Whether `dir` is the spare build folder, renamed, with the files it held (see `SpareBuild`). */
  readonly filledFromSpare: boolean;
  /**
   * Writes one file (or hard-links its unchanged previous copy, or the
   * published copy it is). Resolves as
   * soon as another write may start, not when this one is done: a bounded
   * number run at once, so a caller rendering pages is slowed only when the
   * disk falls behind. A failed write makes later writes and `commit` reject.
   */
  write(file: SiteFile): Promise<void>;
  /**
   * Waits for every write, runs the hooks, and swaps the folder in (see
   * `writeOutputAtomically`). Resolves to the name the replaced build folder
   * is kept under as the spare (with `keepReplaced`), or null when it was
   * deleted (or there was none).
   */
  commit(): Promise<string | null>;
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

/** Options of `openStagedOutput` besides the hooks. */
export interface StagingOptions {
  /** Hard-links unchanged files (see `ReuseOptions`). */
  readonly reuse?: ReuseOptions;
  /** A spare build folder to fill instead of an empty one (see `SpareBuild`); used only if it is there. */
  readonly spare?: SpareBuild | null;
  /** Keep the build folder the swap replaces as the spare, rather than deleting it. Default false. */
  readonly keepReplaced?: boolean;
}

/**
 * Opens the write stage for files that arrive one by one (the build writes
 * each page as soon as it is rendered, so it never holds the whole site in
 * memory). `expectedFiles` only places the `mid-write` test pause. Nothing
 * outside the new build folder changes until `commit`.
 *
 * With a spare, the new build folder is the spare, renamed: a file it already
 * holds as the very file (same inode) this build would link from the output
 * stays; any other is unlinked and written or linked anew (never written
 * through: its inode may be the published site's); what this build does not
 * write is deleted at `commit`. A killed build leaves a half-changed folder
 * that is no spare any more, and `recoverInterruptedBuild` deletes it.
 *
 * Callers run `recoverInterruptedBuild` first: `build()` does, before it reads
 * anything, so a failing build cleans up too.
 */
export async function openStagedOutput(outDir: string, expectedFiles: number, hooks: WriteHooks = {}, options: StagingOptions = {}): Promise<StagedOutput> {
  const { reuse, spare } = options;
  const parent = path.dirname(outDir);
  await mkdir(buildsFolder(outDir), { recursive: true });
  const token = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = path.join(buildsFolder(outDir), token);
  const newLink = path.join(parent, `${linkPrefix(outDir)}${token}`);
  const fromSpare = spare ? await rename(path.join(buildsFolder(outDir), spare.folder), staging).then(() => true, () => false) : false;
  if (!fromSpare) await mkdir(staging, { recursive: true });
  // The spare's files this build has not written yet; deleted at commit.
  const leftover = new Set(fromSpare && spare ? spare.files : []);
  await hooks.pause?.('before-write');

  // Each folder is made once, after its parent (no recursive walk); writes into it wait for that one mkdir.
  const folders = new Map<string, Promise<void>>([[staging, Promise.resolve()]]);
  // The spare's folders are there already (a write into one found missing makes it then, see `placeFile`).
  if (fromSpare && spare) {
    for (const file of spare.files) {
      for (let folder = path.dirname(path.join(staging, file)); folder.startsWith(staging) && !folders.has(folder); folder = path.dirname(folder)) folders.set(folder, Promise.resolve());
    }
  }
  const makeFolder = (folder: string): Promise<void> => {
    let made = folders.get(folder);
    if (!made) {
      made = makeFolder(path.dirname(folder)).then(async () => {
        try {
          await makeFolderOnly(folder);
        } catch (error) {
          // The spare already has most folders.
          if (!(fromSpare && (error as NodeJS.ErrnoException).code === 'EEXIST')) throw error;
        }
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
  const placed = reuse?.placed;
  const writeOne = async (file: SiteFile): Promise<void> => {
    const target = path.join(staging, file.path);
    await makeFolder(path.dirname(target));
    try {
      await placeFile(file, target);
    } catch (error) {
      // A folder of the spare removed by hand: make it, once, and place the file again.
      if (!(fromSpare && (error as NodeJS.ErrnoException).code === 'ENOENT')) throw error;
      await mkdir(path.dirname(target), { recursive: true });
      await placeFile(file, target);
    }
  };
  const placeFile = async (file: SiteFile, target: string): Promise<void> => {
    const source = reuse ? reuse.reuse(file) : 'source' in file ? { path: file.source } : null;
    if (fromSpare) {
      leftover.delete(file.path);
      // The caller found the file to link already here, untouched (see `previousFileIfUntouched`): it stays.
      if (source?.stamp && source.path === target) {
        placed?.(file.path, source.stamp);
        return;
      }
      // The spare's file is the very one to link (unchanged for two builds): it stays.
      const here = source ? stampOf(target) : null;
      if (here && source && here.ino === (source.stamp ?? stampOf(source.path))?.ino) {
        placed?.(file.path, here);
        return;
      }
      await rm(target, { force: true, recursive: true });
    }
    if (source) {
      try {
        // Unchanged bytes: link the old file instead of writing it again.
        await linkFile(source.path, target);
        if (placed) placed(file.path, source.stamp ?? stampOf(target, true));
        return;
      } catch {
        // another file system, or the old file vanished: write it
      }
    }
    if ('content' in file) await writeFileContent(target, unpacked(file.content));
    else await copyFileOnly(file.source, target);
    if (placed) placed(file.path, stampOf(target, true));
  };
  const settle = async (): Promise<void> => {
    await Promise.all(pending);
    if (failure !== null) throw failure;
  };
  const discard = async (): Promise<void> => {
    await Promise.allSettled(pending);
    await rm(newLink, { force: true });
    await rm(staging, { recursive: true, force: true });
    // A failed first build leaves no empty builds folder behind (rmdir removes only an empty one).
    await rmdir(buildsFolder(outDir)).catch(() => undefined);
  };

  // The spare's files this build did not write, and then each folder they leave empty.
  const removeLeftovers = async (): Promise<void> => {
    const emptied = new Set<string>();
    for (const file of leftover) {
      await rm(path.join(staging, file), { force: true, recursive: true });
      emptied.add(path.dirname(path.join(staging, file)));
    }
    for (let folder of [...emptied].sort().reverse()) {
      for (; folder.startsWith(`${staging}${path.sep}`); folder = path.dirname(folder)) {
        if (!(await rmdir(folder).then(() => true, () => false))) break;
      }
    }
  };

  return {
    dir: staging,
    filledFromSpare: fromSpare,
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
      let replaced: string | null = null;
      try {
        await settle();
        if (written < half || half === 0) await hooks.pause?.('mid-write');
        await removeLeftovers();
        await hooks.afterWrite?.(staging);
        await hooks.beforeSwap?.();
        await makeLink(outDir, staging, newLink);
        replaced = await currentBuild(outDir);
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
      let spareName: string | null = null;
      if (options.keepReplaced && replaced !== null) {
        spareName = spareNameOf(replaced);
        if (!(await rename(path.join(buildsFolder(outDir), replaced), path.join(buildsFolder(outDir), spareName)).then(() => true, () => false))) spareName = null;
      }
      // Every other build folder goes: the replaced one (unless kept), an older spare, a killed build's.
      await recoverInterruptedBuild(outDir);
      await removeBuildsExcept(outDir, path.basename(staging), (name) => name === spareName);
      return spareName;
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
  const staged = await openStagedOutput(outDir, files.length, hooks, reuse ? { reuse } : {});
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

async function removeBuildsExcept(outDir: string, keep: string | null, alsoKeep: (name: string) => boolean = () => false): Promise<void> {
  const builds = buildsFolder(outDir);
  const names = await readdir(builds).catch(() => null);
  if (!names) return;
  const doomed = names.filter((name) => name !== keep && !alsoKeep(name));
  // Retries: a killed build's Pagefind process can still be writing a search shard into its staging folder for a
  // moment (it ends when its input closes), and a removal that races it fails with ENOTEMPTY.
  await Promise.all(doomed.map((name) => rm(path.join(builds, name), { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })));
  if (keep === null && doomed.length === names.length) await rm(builds, { recursive: true, force: true });
}

/**
 * The file's stamp; null when it is missing or cannot be looked at, unless `required` (then the error is thrown).
 * Synchronous: a publish looks at every file of the site, and a synchronous stat costs the main thread about a fifth
 * of an asynchronous one (see `untouchedFileInodes`).
 */
function stampOf(file: string, required: true): FileStamp;
function stampOf(file: string, required?: boolean): FileStamp | null;
function stampOf(file: string, required = false): FileStamp | null {
  try {
    const { ino, size, mtimeMs } = statSync(file);
    return { ino, size, mtimeMs };
  } catch (error) {
    if (required) throw error;
    return null;
  }
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
