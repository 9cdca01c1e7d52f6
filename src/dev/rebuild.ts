import { build, type BuildResult } from '../build.js';
import { createBuildMemos } from '../incremental/memos.js';

export interface RebuildOptions {
  readonly cwd: string;
  readonly contentDir: string;
  readonly templatesDir: string;
  readonly baseUrl: string;
  readonly drafts: boolean;
  readonly future: boolean;
  readonly buildDate: string;
  /** Files changed since the last rebuild, relative to `cwd` (empty for the first). */
  readonly changedPaths: readonly string[];
}

/**
 * The dev server's way of rebuilding (it adds the live-reload client to each page as it serves it): a build held in memory that keeps, from
 * one rebuild to the next, the rendered Markdown of every body and the HTML of
 * every page. A save re-renders only the bodies that changed and the pages
 * whose view or templates changed (the same memo the incremental build
 * session uses, so the result equals a clean build's); a save that changed
 * only one item's words renders only the pages showing that item.
 */
export function createSiteRebuilder(): (options: RebuildOptions) => Promise<BuildResult> {
  const memos = createBuildMemos();
  return (options) =>
    build({
      cwd: options.cwd,
      contentDir: options.contentDir,
      templatesDir: options.templatesDir,
      baseUrl: options.baseUrl,
      drafts: options.drafts,
      future: options.future,
      buildDate: options.buildDate,
      changedPaths: options.changedPaths,
      write: false,
      ...memos,
    });
}
