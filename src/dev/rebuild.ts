import { build, type BuildResult } from '../build.js';

export interface RebuildOptions {
  readonly cwd: string;
  readonly contentDir: string;
  readonly templatesDir: string;
  readonly baseUrl: string;
  readonly drafts: boolean;
  readonly future: boolean;
  readonly buildDate: string;
  /** The live-reload client, added to every page. */
  readonly injectHtml: string;
}

/**
 * The dev server's one way of rebuilding: a full build held in memory.
 * Kept to this single function so an incremental rebuild can replace it
 * without touching the server or the watcher.
 */
export function rebuildSite(options: RebuildOptions): Promise<BuildResult> {
  return build({
    cwd: options.cwd,
    contentDir: options.contentDir,
    templatesDir: options.templatesDir,
    baseUrl: options.baseUrl,
    drafts: options.drafts,
    future: options.future,
    buildDate: options.buildDate,
    injectHtml: options.injectHtml,
    write: false,
  });
}
