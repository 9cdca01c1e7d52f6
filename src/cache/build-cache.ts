import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { ContentSources } from '../load/read-sources.js';
import type { TemplateSourcesLoaded } from '../load/read-templates.js';
import type { OutputFile } from '../render/render-site.js';
import { openStagedOutput, type StagedOutput, type WriteHooks } from '../write/atomic-output.js';
import { createReuseLookup, hashContent, outputMatchesManifest, writeOutputManifest, type OutputManifest } from './output-manifest.js';
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
 * When the last build into `outDir` (its manifest: see `readOutputManifest`) had the same fingerprint and its output
 * is still there untouched, the result of that build; otherwise null.
 */
export async function upToDateResult(
  manifest: OutputManifest | null,
  outDir: string,
  fingerprint: string,
): Promise<{ ok: true; diagnostics: Diagnostic[]; pageCount: number; files: OutputFile[]; fileCount: number; model: null; upToDate: true } | null> {
  if (!manifest || manifest.fingerprint !== fingerprint) return null;
  if (!(await outputMatchesManifest(manifest, outDir))) return null;
  return { ok: true, diagnostics: [...manifest.diagnostics], pageCount: manifest.pageCount, files: [], fileCount: Object.keys(manifest.files).length, model: null, upToDate: true };
}

export interface ManifestSummary {
  readonly fingerprint: string | null;
  readonly pageCount: number;
  readonly diagnostics: readonly Diagnostic[];
  /** Page output path → key of the view it was rendered from (see `PublishedPages`). */
  readonly pageKeys: ReadonlyMap<string, string>;
}

/** The write stage with the cache's help; `saveManifest` runs after a successful `commit`. */
export interface CachedOutput extends StagedOutput {
  saveManifest(summary: ManifestSummary): Promise<void>;
}

/**
 * Opens the write stage (`openStagedOutput`), plus, with a cache (its folder
 * and the manifest of the last build, see `readOutputManifest`): files whose
 * bytes equal the previous output's are hard-linked from it rather than
 * written, and a manifest of what was written (hash, size, time) is saved for
 * the next build.
 */
export async function openCachedOutput(
  outDir: string,
  expectedFiles: number,
  hooks: WriteHooks | undefined,
  cache: {
    readonly dir: string;
    readonly previous: OutputManifest | null;
  } | null,
): Promise<CachedOutput> {
  if (!cache) {
    const staged = await openStagedOutput(outDir, expectedFiles, hooks);
    return Object.assign(staged, { saveManifest: async () => undefined });
  }
  const { dir: cacheDir, previous } = cache;
  const lookup = createReuseLookup(previous, outDir);
  const hashes = new Map<string, string>();
  const entries: Record<string, [string, number, number]> = {};
  const staged = await openStagedOutput(outDir, expectedFiles, hooks, {
    reuse: (file) => {
      // A published copy's hash is the manifest's: it is not read.
      if (!('content' in file)) {
        hashes.set(file.path, file.hash);
        return file.source;
      }
      const hash = file.hash ?? hashContent(file.content);
      hashes.set(file.path, hash);
      return lookup(file, hash);
    },
    afterStaging: async (staging) => {
      // The swap renames a link, not the files, so what is true of the staging folder is true of outDir after it.
      for (const [file, hash] of hashes) {
        const info = statSync(path.join(staging, file));
        entries[file] = [hash, info.size, info.mtimeMs];
      }
    },
  });
  return Object.assign(staged, {
    saveManifest: async (summary: ManifestSummary) => {
      const files = Object.fromEntries(Object.keys(entries).sort().map((file) => [file, entries[file] as [string, number, number]]));
      const pages = Object.fromEntries([...summary.pageKeys].sort(([a], [b]) => (a < b ? -1 : 1)));
      await writeOutputManifest(cacheDir, { outDir, fingerprint: summary.fingerprint ?? '', pageCount: summary.pageCount, diagnostics: summary.diagnostics, files, pipeline: pipelineVersion(), pages });
    },
  });
}
