import { previousFileIfUntouched, type OutputManifest } from './output-manifest.js';
import { mayLinkToAny } from './link-filter.js';
import { pipelineVersion } from './pipeline-version.js';
import type { FileStamp } from '../write/atomic-output.js';

/**
 * The pages the last build published, offered back to the render stage. A
 * page whose view key (a hash of its template, the templates and the plain
 * data the template sees) is the one it was rendered from last time would
 * render to the same HTML, so the published file is kept instead (hard-linked): on
 * publish-on-merge most pages of a large site are unchanged, and LiquidJS is
 * most of a build's time.
 */
export interface PublishedPages {
  /**
   * The last build's copy of the page (its absolute path and sha256), when
   * that build rendered it from a view with this key, with this pipeline, and
   * the file is still the one it wrote (size and modification time);
   * otherwise null. The file is not read.
   */
  reuse(file: string, key: string): { readonly source: string; readonly hash: string; readonly sourceStamp: FileStamp } | null;
  /**
   * For this build's paths, whether the links of the last build's copy of a
   * page still lead somewhere: they all did when it was published, and none
   * of them may lead to a path gone since (by its link filter, see
   * `link-filter.ts`; with no path gone, every copy's links hold).
   */
  linksHold(paths: ReadonlySet<string>): (file: string) => boolean;
  /** Records a page kept as published: its key, and its link filter carried over (its links are those it had). */
  keep(file: string, key: string): void;
  /** This build's page keys, filled in by the render stage, saved in the next manifest. */
  readonly keys: Map<string, string>;
  /** This build's page link filters, filled in by the render stage, saved in the next manifest. */
  readonly linkFilters: Map<string, string>;
  /** How many pages `reuse` has offered back. */
  readonly reusedCount: number;
}

/**
 * Pages of `manifest`'s build, when it was written into `outDir` by the same pipeline. `filling`: the build folder
 * this build fills, when it is the spare (see `previousFileIfUntouched`).
 */
export function publishedPagesFrom(manifest: OutputManifest | null, outDir: string, filling?: string): PublishedPages {
  const usable = manifest !== null && manifest.outDir === outDir && manifest.pipeline === pipelineVersion();
  const previousKeys = usable ? (manifest.pages ?? {}) : {};
  const previousFilters: Record<string, string | undefined> = usable ? (manifest.pageLinks ?? {}) : {};
  const filterOf = (file: string): string | undefined => (Object.hasOwn(previousFilters, file) ? previousFilters[file] : undefined);
  const keys = new Map<string, string>();
  const linkFilters = new Map<string, string>();
  let reusedCount = 0;
  return {
    get reusedCount() {
      return reusedCount;
    },
    reuse(file, key) {
      if (!usable || previousKeys[file] !== key) return null;
      const previous = previousFileIfUntouched(manifest, outDir, file, filling);
      if (!previous) return null;
      reusedCount += 1;
      return { source: previous.path, hash: previous.hash, sourceStamp: previous.stamp };
    },
    linksHold(paths) {
      if (!usable) return () => false;
      const gone = Object.keys(manifest.files).filter((file) => !paths.has(file));
      if (gone.length === 0) return () => true;
      const mayLinkToGone = mayLinkToAny(gone);
      return (file) => !mayLinkToGone(filterOf(file));
    },
    keep(file, key) {
      keys.set(file, key);
      const filter = filterOf(file);
      if (filter !== undefined) linkFilters.set(file, filter);
    },
    keys,
    linkFilters,
  };
}
