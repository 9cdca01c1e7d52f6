import { bodyCacheKey, type BodyCache } from '../cache/body-cache.js';
import type { BodyInFile } from '../load/source-bytes.js';
import type { RawHtmlPolicy, RenderedBody } from './markdown-types.js';
import { SOURCE_CHANGED, type BodyOutcome, type MarkdownJob } from './markdown-job.js';
import { renderBodies, type RenderBodiesOptions } from './markdown-pool.js';

export interface BodySource {
  /** Key of the result map (the item file's display path). */
  readonly displayPath: string;
  /** Content-relative path: relative links resolve against it. */
  readonly relativePath: string;
  /** sha256 of the Markdown (`BodyFacts.hash`): with `relativePath`, its body cache key. */
  readonly bodyHash: string;
  /** The Markdown, read only for a body the cache does not have (a cached item's text is then never decoded). */
  readonly markdown: () => string;
  /** Where a worker can read the body again, so that the job it is sent need not hold `markdown` meanwhile. */
  readonly inFile?: BodyInFile;
}

/** Bodies being rendered: each one as soon as it is ready. */
export interface BodyRendering {
  /** Each source's body by display path, in the order of the sources (see `BodyOutcome`). */
  readonly each: ReadonlyMap<string, Promise<BodyOutcome>>;
  /** Asks for one source's body (by display path), or every body (no argument): see `RenderBodiesOptions.lead`. */
  readonly need: (displayPath?: string) => void;
}

/**
 * Renders every body at most once: cached bodies are taken from `cache`, the
 * rest are rendered (on worker threads when there are many, handed out in the
 * order of `sources`) and stored as they arrive.
 */
export function startItemBodies(sources: readonly BodySource[], policy: RawHtmlPolicy, cache: BodyCache, options: RenderBodiesOptions = {}): BodyRendering {
  // Loops, not callbacks: `need` is kept for the whole render, and with it whatever this function's closures share,
  // which must not include the bodies (a build lets each go once its pages are done).
  const each = new Map<string, Promise<BodyOutcome>>();
  const missing: { job: MarkdownJob; displayPath: string; key: string }[] = [];
  for (const source of sources) {
    const key = bodyCacheKey(source.bodyHash, source.relativePath, policy);
    const cached = cache.get(key);
    // A disk cache's body carries its key, and may read its HTML only when asked (it is not copied here).
    if (cached) each.set(source.displayPath, Promise.resolve(cached.key === key ? cached : { ...cached, key }));
    else missing.push({ job: source.inFile ? { inFile: source.inFile, relativePath: source.relativePath } : { markdown: source.markdown(), relativePath: source.relativePath }, displayPath: source.displayPath, key });
  }
  const rendered = renderBodies(
    missing.map(({ job }) => job),
    policy,
    options,
  );
  const jobIndex = new Map<string, number>();
  for (let index = 0; index < missing.length; index += 1) {
    const { displayPath, key } = missing[index] as (typeof missing)[number];
    jobIndex.set(displayPath, index);
    const body = (rendered.results[index] as Promise<BodyOutcome>).then((result) => {
      if (!result || result === SOURCE_CHANGED) return result;
      return cache.set(key, result);
    });
    // A worker that crashes rejects the bodies it held; whoever awaits them sees it, and nobody else must.
    body.catch(() => undefined);
    each.set(displayPath, body);
  }
  // Keep the order of `sources`, which later stages iterate.
  const ordered = new Map<string, Promise<BodyOutcome>>();
  for (const source of sources) ordered.set(source.displayPath, each.get(source.displayPath) as Promise<BodyOutcome>);
  return { each: ordered, need: needByFile(jobIndex, rendered.need) };
}

/** `BodyRendering.need` over the jobs' indexes: a function of its own, so that it keeps nothing else alive. */
function needByFile(jobIndex: ReadonlyMap<string, number>, needJob: (index: number) => void): (displayPath?: string) => void {
  return (displayPath) => {
    const index = displayPath === undefined ? Number.POSITIVE_INFINITY : jobIndex.get(displayPath);
    if (index !== undefined) needJob(index);
  };
}

/** Every body rendered, in the order of the sources (those that could not be rendered left out). */
export async function renderItemBodies(sources: readonly BodySource[], policy: RawHtmlPolicy, cache: BodyCache, options: RenderBodiesOptions = {}): Promise<Map<string, RenderedBody>> {
  const rendering = startItemBodies(sources, policy, cache, options);
  rendering.need();
  const entries = await Promise.all([...rendering.each].map(async ([file, body]) => [file, await body] as const));
  return new Map(entries.filter((entry): entry is readonly [string, RenderedBody] => entry[1] !== null && entry[1] !== SOURCE_CHANGED));
}
