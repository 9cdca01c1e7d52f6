import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { OutputFile } from '../render/render-site.js';
import { writeFileAtomically } from './body-cache.js';
import type { FileStamp, LinkSource } from '../write/atomic-output.js';

/** What the last build wrote, kept in the cache folder next to the bodies. */
export interface OutputManifest {
  /** Absolute output folder the manifest describes. */
  readonly outDir: string;
  /** The build folder `outDir` pointed to (its name under the builds folder). */
  readonly folder?: string;
  /** Hash of every input and option of that build (see `fingerprintInputs`). */
  readonly fingerprint: string;
  readonly pageCount: number;
  readonly diagnostics: readonly Diagnostic[];
  /** Output path → [sha256 of the bytes, size, mtimeMs, inode] as written (the inode is missing in older manifests). */
  readonly files: Record<string, ManifestEntry>;
  /** The pipeline version that wrote it (page keys do not cover Communiqué's own code). */
  readonly pipeline?: string;
  /** Page output path → key of the view it was rendered from (see `PublishedPages`). */
  readonly pages?: Record<string, string>;
  /** Page output path → filter of its internal links besides its navigation's (see `link-filter.ts`). */
  readonly pageLinks?: Record<string, string>;
}

/** One written file, as the manifest records it: its sha256, size, modification time and inode. */
export type ManifestEntry = [string, number, number, number?];

const FILE = 'output.json';

export async function readOutputManifest(cacheDir: string): Promise<OutputManifest | null> {
  try {
    return JSON.parse(await readFile(path.join(cacheDir, FILE), 'utf8')) as OutputManifest;
  } catch {
    return null;
  }
}

export async function writeOutputManifest(cacheDir: string, manifest: OutputManifest): Promise<void> {
  await writeFileAtomically(path.join(cacheDir, FILE), JSON.stringify(manifest));
}

export function hashContent(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * True when `outDir` still holds exactly the files the manifest lists, with
 * the sizes and modification times they were written with (so an output
 * folder touched by hand is not trusted).
 */
export function outputMatchesManifest(manifest: OutputManifest, outDir: string): boolean {
  if (manifest.outDir !== outDir) return false;
  return filesUntouched(outDir, Object.entries(manifest.files).map(([file, [, size, mtimeMs]]) => [file, size, mtimeMs] as const));
}

/**
 * True when every listed file (path relative to `root`, size, mtimeMs as
 * written) is still a file under `root` with that size and modification time;
 * false for an empty list, which describes no output.
 */
function filesUntouched(root: string, files: readonly (readonly [string, number, number])[]): boolean {
  return untouchedFileInodes(root, files) !== null;
}

/**
 * `filesUntouched`, giving each file's inode as the check saw it (null where it gives false). The files are looked at
 * one after another with synchronous `stat` calls: a publish checks tens of thousands of files, and a synchronous
 * `stat` costs the main thread about a fifth of an asynchronous one (2.4 against 11 µs of CPU a file on the benchmark
 * machine), which is what counts on two busy cores.
 */
export function untouchedFileInodes(root: string, files: readonly (readonly [string, number, number])[]): Map<string, number> | null {
  if (files.length === 0) return null;
  const inodes = new Map<string, number>();
  for (const [file, size, mtimeMs] of files) {
    const info = statIfUntouched(path.join(root, file), size, mtimeMs);
    if (!info) return null;
    inodes.set(file, info.ino);
  }
  return inodes;
}

/** The file's stats when it is still a file with the size and modification time it was written with; else null. */
function statIfUntouched(file: string, size: number, mtimeMs: number): Stats | null {
  const info = statSync(file, { throwIfNoEntry: false });
  return info && info.isFile() && info.size === size && info.mtimeMs === mtimeMs ? info : null;
}

/**
 * For the staging write: the previous output file to hard-link instead of
 * writing `file` again, when the manifest says its bytes are the same and the
 * file on disk is still the one the manifest describes.
 */
export function createReuseLookup(manifest: OutputManifest | null, outDir: string): (file: OutputFile, hash: string) => LinkSource | null {
  return (file, hash) => {
    const previous = previousFileIfUntouched(manifest, outDir, file.path);
    return previous && previous.hash === hash ? { path: previous.path, stamp: previous.stamp } : null;
  };
}

/**
 * The previous output's copy of `file` (relative to `outDir`) with the sha256
 * the manifest records for it, when the manifest describes `outDir` and the
 * file on disk still has the size and modification time it was written with;
 * otherwise null.
 *
 * With `filling`, the build folder being filled from the spare (see
 * `SpareBuild`): when the manifest's inode is the file there, untouched, that
 * file is the previous output's own (a page unchanged for two builds is one
 * file, hard-linked from build to build) and is given instead, with no `stat`
 * of the output: a publish looks at every page, and this halves its `stat`
 * calls (at N = 10,000, about 12 µs of main-thread CPU each).
 */
export function previousFileIfUntouched(manifest: OutputManifest | null, outDir: string, file: string, filling?: string): { readonly path: string; readonly hash: string; readonly stamp: FileStamp } | null {
  const entry = manifest?.outDir === outDir ? manifest.files[file] : undefined;
  if (!entry) return null;
  const [hash, size, mtimeMs, ino] = entry;
  // In the spare, only the very file the manifest describes (its inode) will do.
  const untouched = (at: string, inode?: number): { readonly path: string; readonly hash: string; readonly stamp: FileStamp } | null => {
    const info = statIfUntouched(at, size, mtimeMs);
    return info && (inode === undefined || info.ino === inode) ? { path: at, hash, stamp: { ino: info.ino, size, mtimeMs } } : null;
  };
  return (filling !== undefined && ino !== undefined ? untouched(path.join(filling, file), ino) : null) ?? untouched(path.join(outDir, file));
}
