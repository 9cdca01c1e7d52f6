import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { ContentSources } from '../load/read-sources.js';
import type { TemplateSourcesLoaded } from '../load/read-templates.js';
import type { OutputFile } from '../render/render-site.js';
import { openStagedOutput, SPARE_PREFIX, spareNameOf, type SpareBuild, type StagedOutput, type WriteHooks } from '../write/atomic-output.js';
import { writeFileAtomically } from './body-cache.js';
import { createReuseLookup, outputMatchesManifest, writeOutputManifest, type ManifestEntry, type OutputManifest } from './output-manifest.js';
import { pipelineVersion } from './pipeline-version.js';
import { contentHash } from '../render/packed-html.js';

/** The options of a build that change its output. */
export interface OutputOptions {
  readonly baseUrl?: string | undefined;
  readonly drafts?: boolean;
  readonly future?: boolean;
  readonly buildDate: string;
  /** Whether the build makes a search index (default true). */
  readonly searchIndex?: boolean;
}

/**
 * One hash over everything a build's output depends on: the pipeline version,
 * the output options, and the path and bytes of every content file, template,
 * interface-strings file and asset. Equal fingerprints give equal output.
 */
export function fingerprintInputs(content: ContentSources, templates: TemplateSourcesLoaded, options: OutputOptions): string {
  const hash = createHash('sha256');
  hash.update(pipelineVersion()).update('\0');
  hash.update(JSON.stringify([options.baseUrl ?? null, options.drafts ?? false, options.future ?? false, options.buildDate, options.searchIndex ?? true])).update('\0');
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
  if (!outputMatchesManifest(manifest, outDir)) return null;
  return { ok: true, diagnostics: [...manifest.diagnostics], pageCount: manifest.pageCount, files: [], fileCount: Object.keys(manifest.files).length, model: null, upToDate: true };
}

export interface ManifestSummary {
  readonly fingerprint: string | null;
  readonly pageCount: number;
  readonly diagnostics: readonly Diagnostic[];
  /** Page output path → key of the view it was rendered from (see `PublishedPages`). */
  readonly pageKeys: ReadonlyMap<string, string>;
  /** Page output path → filter of its internal links (see `PublishedPages.linkFilters`). */
  readonly pageLinks: ReadonlyMap<string, string>;
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
 * the next build. The build folder the swap replaces is kept as the spare
 * and recorded in `spare.json`, and the next build fills that spare instead
 * of an empty folder (see `SpareBuild`).
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
  const spare = await readSpareRecord(cacheDir, outDir);
  const lookup = createReuseLookup(previous, outDir);
  const hashes = new Map<string, string>();
  const entries: Record<string, ManifestEntry> = {};
  const staged = await openStagedOutput(outDir, expectedFiles, hooks, {
    reuse: {
      reuse: (file) => {
        // A published copy's hash is the manifest's: it is not read.
        if (!('content' in file)) {
          hashes.set(file.path, file.hash);
          return file.sourceStamp ? { path: file.source, stamp: file.sourceStamp } : { path: file.source };
        }
        const hash = file.hash ?? contentHash(file.content);
        hashes.set(file.path, hash);
        return lookup(file, hash);
      },
      // The swap renames a link, not the files, so what is true of the staging folder is true of outDir after it.
      placed: (file, { size, mtimeMs, ino }) => {
        entries[file] = [hashes.get(file) ?? '', size, mtimeMs, ino];
      },
    },
    spare,
    keepReplaced: true,
  });
  const { commit } = staged;
  let keptSpare: string | null = null;
  return Object.assign(staged, {
    commit: async () => {
      keptSpare = await commit();
      return keptSpare;
    },
    saveManifest: async (summary: ManifestSummary) => {
      const files = Object.fromEntries(Object.keys(entries).sort().map((file) => [file, entries[file] as ManifestEntry]));
      const byPath = (a: [string, string], b: [string, string]): number => (a[0] < b[0] ? -1 : 1);
      const pages = Object.fromEntries([...summary.pageKeys].sort(byPath));
      const pageLinks = Object.fromEntries([...summary.pageLinks].sort(byPath));
      // The spare is the build the last manifest described, when it still names that folder: then it lists its files.
      const spareFiles = keptSpare !== null && previous?.outDir === outDir && previous.folder !== undefined && keptSpare === spareNameOf(previous.folder) ? Object.keys(previous.files) : null;
      await writeSpareRecord(cacheDir, spareFiles && keptSpare ? { outDir, folder: keptSpare, files: spareFiles } : null);
      await writeOutputManifest(cacheDir, { outDir, folder: path.basename(staged.dir), fingerprint: summary.fingerprint ?? '', pageCount: summary.pageCount, diagnostics: summary.diagnostics, files, pipeline: pipelineVersion(), pages, pageLinks });
    },
  });
}

const SPARE_FILE = 'spare.json';

/** `<cacheDir>/spare.json`: the spare build folder beside `outDir` and the files it holds (see `SpareBuild`). */
interface SpareRecord extends SpareBuild {
  readonly outDir: string;
}

async function readSpareRecord(cacheDir: string, outDir: string): Promise<SpareBuild | null> {
  try {
    const record = JSON.parse(await readFile(path.join(cacheDir, SPARE_FILE), 'utf8')) as Partial<SpareRecord> | null;
    const usable = record?.outDir === outDir && typeof record.folder === 'string' && record.folder.startsWith(SPARE_PREFIX) && !record.folder.includes('/') && Array.isArray(record.files);
    return usable ? { folder: record.folder as string, files: (record.files as unknown[]).filter((file): file is string => typeof file === 'string') } : null;
  } catch {
    return null;
  }
}

async function writeSpareRecord(cacheDir: string, record: SpareRecord | null): Promise<void> {
  if (record) await writeFileAtomically(path.join(cacheDir, SPARE_FILE), JSON.stringify(record));
  else await rm(path.join(cacheDir, SPARE_FILE), { force: true });
}
