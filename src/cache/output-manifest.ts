import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { OutputFile } from '../render/render-site.js';
import { writeFileAtomically } from './body-cache.js';

/** What the last build wrote, kept in the cache folder next to the bodies. */
export interface OutputManifest {
  /** Absolute output folder the manifest describes. */
  readonly outDir: string;
  /** Hash of every input and option of that build (see `fingerprintInputs`). */
  readonly fingerprint: string;
  readonly pageCount: number;
  readonly diagnostics: readonly Diagnostic[];
  /** Output path → [sha256 of the bytes, size, mtimeMs] as written. */
  readonly files: Record<string, [string, number, number]>;
  /** The pipeline version that wrote it (page keys do not cover Communiqué's own code). */
  readonly pipeline?: string;
  /** Page output path → key of the view it was rendered from (see `PublishedPages`). */
  readonly pages?: Record<string, string>;
}

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
export async function outputMatchesManifest(manifest: OutputManifest, outDir: string): Promise<boolean> {
  if (manifest.outDir !== outDir) return false;
  const entries = Object.entries(manifest.files);
  if (entries.length === 0) return false;
  const checks = await Promise.all(entries.map(async ([file, [, size, mtimeMs]]) => {
    try {
      const info = await stat(path.join(outDir, file));
      return info.size === size && info.mtimeMs === mtimeMs;
    } catch {
      return false;
    }
  }));
  return checks.every(Boolean);
}

/**
 * For the staging write: the previous output file to hard-link instead of
 * writing `file` again, when the manifest says its bytes are the same and the
 * file on disk is still the one the manifest describes.
 */
export function createReuseLookup(manifest: OutputManifest | null, outDir: string): (file: OutputFile, hash: string) => string | null {
  return (file, hash) => {
    const entry = manifest?.outDir === outDir ? manifest.files[file.path] : undefined;
    if (!entry || entry[0] !== hash) return null;
    const previous = path.join(outDir, file.path);
    const info = statSync(previous, { throwIfNoEntry: false });
    return info && info.size === entry[1] && info.mtimeMs === entry[2] ? previous : null;
  };
}
