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
   * Whether the links of the last build's pages still lead somewhere: it was
   * published, so all of them did, and none of its paths has gone since.
   */
  linksHoldFor(paths: ReadonlySet<string>): boolean;
  /**
   * Whether the links of the last build's copy of one page still lead
   * somewhere: they all did when it was published, and its link filter (see
   * `link-filter.ts`) holds none of the paths gone since. Answers for the
   * paths last given to `linksHoldFor`.
   */
  linksHoldOn(file: string): boolean;
  /** This build's page keys, filled in by the render stage, saved in the next manifest. */
  readonly keys: Map<string, string>;
  /** This build's page link filters, filled in by the render stage (a kept page's carried over), saved in the next manifest. */
  readonly linkFilters: Map<string, string>;
  /** The last build's link filter of a page it published, if it recorded one. */
  previousLinkFilter(file: string): string | undefined;
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
  // Until `linksHoldFor` is told this build's paths, no copy's links are known to hold.
  let mayLinkToGone: (filter: string | undefined) => boolean = () => true;
  const filterOf = (file: string): string | undefined => (Object.hasOwn(previousFilters, file) ? previousFilters[file] : undefined);
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
    linksHoldFor(paths) {
      if (!usable) {
        mayLinkToGone = () => true;
        return false;
      }
      const gone = Object.keys(manifest.files).filter((file) => !paths.has(file));
      mayLinkToGone = gone.length === 0 ? () => false : mayLinkToAny(gone);
      return gone.length === 0;
    },
    linksHoldOn(file) {
      return usable && !mayLinkToGone(filterOf(file));
    },
    keys: new Map(),
    linkFilters: new Map(),
    previousLinkFilter: filterOf,
  };
}
