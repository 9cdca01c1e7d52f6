import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { ContentSources } from '../load/read-sources.js';
import type { TemplateSourcesLoaded } from '../load/read-templates.js';
import type { OutputFile } from '../render/render-site.js';
import { writeOutputAtomically, type WriteHooks } from '../write/atomic-output.js';
import { createReuseLookup, hashContent, outputMatchesManifest, readOutputManifest, writeOutputManifest } from './output-manifest.js';
import { pipelineVersion } from './pipeline-version.js';

/** The options of a build that change its output. */
export interface OutputOptions {
  readonly baseUrl?: string | undefined;
  readonly drafts?: boolean;
  readonly future?: boolean;
  readonly buildDate: string;
  readonly injectHtml?: string;
}

/**
 * One hash over everything a build's output depends on: the pipeline version,
 * the output options, and the path and bytes of every content file, template,
 * interface-strings file and asset. Equal fingerprints give equal output.
 */
export function fingerprintInputs(content: ContentSources, templates: TemplateSourcesLoaded, options: OutputOptions): string {
  const hash = createHash('sha256');
  hash.update(pipelineVersion()).update('\0');
  hash.update(JSON.stringify([options.baseUrl ?? null, options.drafts ?? false, options.future ?? false, options.buildDate, options.injectHtml ?? ''])).update('\0');
  for (const file of [...(content.site ? [content.site] : []), ...content.vocabularies, ...content.items]) {
    hash.update(file.relativePath).update('\0').update(file.hash).update('\0');
  }
  // Templates were read concurrently: sort, so the order they finished in never matters.
  for (const name of Object.keys(templates.templates).sort()) hash.update(name).update('\0').update(templates.templates[name] ?? '').update('\0');
  for (const file of templates.strings) hash.update(file.relativePath).update('\0').update(file.hash).update('\0');
  for (const asset of templates.assets) hash.update(asset.relativePath).update('\0').update(asset.bytes).update('\0');
  return hash.digest('hex');
}

/**
 * When the last build into `outDir` had the same fingerprint and its output
 * is still there untouched, the result of that build; otherwise null.
 */
export async function upToDateResult(
  cacheDir: string,
  outDir: string,
  fingerprint: string,
): Promise<{ ok: true; diagnostics: Diagnostic[]; pageCount: number; files: OutputFile[]; model: null; upToDate: true } | null> {
  const manifest = await readOutputManifest(cacheDir);
  if (!manifest || manifest.fingerprint !== fingerprint) return null;
  if (!(await outputMatchesManifest(manifest, outDir))) return null;
  return { ok: true, diagnostics: [...manifest.diagnostics], pageCount: manifest.pageCount, files: [], model: null, upToDate: true };
}

export interface ManifestWrite {
  readonly outDir: string;
  readonly files: readonly OutputFile[];
  readonly hooks: WriteHooks | undefined;
  readonly cacheDir: string | null;
  readonly fingerprint: string | null;
  readonly pageCount: number;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The atomic write, plus, with a cache: files whose bytes equal the previous
 * output's are hard-linked from it rather than written, and a manifest of what
 * was written (hash, size, time) is saved for the next build.
 */
export async function writeWithManifest(options: ManifestWrite): Promise<void> {
  const { outDir, files, cacheDir } = options;
  if (!cacheDir) {
    await writeOutputAtomically(outDir, files, options.hooks);
    return;
  }
  const previous = await readOutputManifest(cacheDir);
  const lookup = createReuseLookup(previous, outDir);
  const hashes = new Map(files.map((file) => [file.path, hashContent(file.content)]));
  const entries: Record<string, [string, number, number]> = {};
  await writeOutputAtomically(outDir, files, options.hooks, {
    reuse: (file) => lookup(file, hashes.get(file.path) ?? ''),
    afterStaging: async (staging) => {
      // Renames keep sizes and times, so what is true of the staging folder is true of outDir after the swap.
      await Promise.all(files.map(async (file) => {
        const info = await stat(path.join(staging, file.path));
        entries[file.path] = [hashes.get(file.path) ?? '', info.size, info.mtimeMs];
      }));
    },
  });
  await writeOutputManifest(cacheDir, {
    outDir,
    fingerprint: options.fingerprint ?? '',
    pageCount: options.pageCount,
    diagnostics: options.diagnostics,
    files: entries,
  });
}
