import type { BuildOptions } from '../build.js';
import { createMemoryBodyCache } from '../cache/body-cache.js';
import { createPageMemo } from '../render/render-site.js';
import { createParseMemo } from './parse-memo.js';
import { createLastBuildMemo } from './text-edit.js';

/** Everything a long-lived caller keeps from one build to the next, to pass to each `build()`. */
export type BuildMemos = Required<Pick<BuildOptions, 'bodyCache' | 'parseMemo' | 'pageMemo' | 'lastBuild'>>;

/**
 * Fresh memos for an incremental session or the dev server: rendered bodies,
 * parsed item files and rendered pages, each reused only while its inputs are
 * unchanged, and the last build to patch text-only edits into, so every
 * rebuild equals a clean build.
 *
 * A patch renders its pages on the main thread, which the whole-site render
 * has warmed: a page worker kept for patches (warmed by rendering a sample
 * after each whole-site render) patched the bench's edit at N = 10,000 no
 * faster (56 pages: 87-89 against 80-93 ms; 12 edits of 1-40 pages each:
 * medians 20 against 24 ms, all under 60 ms) and held 100-120 MiB more.
 */
export function createBuildMemos(): BuildMemos {
  return { bodyCache: createMemoryBodyCache(), parseMemo: createParseMemo(), pageMemo: createPageMemo(), lastBuild: createLastBuildMemo() };
}
