import type { BuildOptions } from '../build.js';
import { createMemoryBodyCache } from '../cache/body-cache.js';
import { sharedPageRenderPool } from '../render/page-pool.js';
import { createPageMemo } from '../render/render-site.js';
import { createParseMemo } from './parse-memo.js';
import { createLastBuildMemo } from './text-edit.js';

/** Everything a long-lived caller keeps from one build to the next, to pass to each `build()`. */
export type BuildMemos = Required<Pick<BuildOptions, 'bodyCache' | 'parseMemo' | 'pageMemo' | 'lastBuild'>>;

/**
 * Fresh memos for an incremental session or the dev server: rendered bodies,
 * parsed item files and rendered pages, each reused only while its inputs are
 * unchanged, and the last build to patch text-only edits into (its pages
 * rendered on the process's page worker pool), so every rebuild equals a clean
 * build.
 */
export function createBuildMemos(): BuildMemos {
  return { bodyCache: createMemoryBodyCache(), parseMemo: createParseMemo(), pageMemo: createPageMemo(sharedPageRenderPool()), lastBuild: createLastBuildMemo() };
}
