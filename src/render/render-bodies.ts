import { bodyCacheKey, type BodyCache } from '../cache/body-cache.js';
import type { RawHtmlPolicy, RenderedBody } from './markdown.js';
import { renderBodies, type RenderBodiesOptions } from './markdown-pool.js';

export interface BodySource {
  /** Key of the result map (the item file's display path). */
  readonly displayPath: string;
  /** Content-relative path: relative links resolve against it. */
  readonly relativePath: string;
  readonly markdown: string;
}

/** Bodies being rendered: each one as soon as it is ready, and all of them. */
export interface BodyRendering {
  /** Each source's body by display path, in the order of the sources; null when it could not be rendered. */
  readonly each: ReadonlyMap<string, Promise<RenderedBody | null>>;
  /** Every body rendered, in the order of the sources (those that could not be rendered left out). */
  readonly all: Promise<Map<string, RenderedBody>>;
}

/**
 * Renders every body at most once: cached bodies are taken from `cache`, the
 * rest are rendered (on worker threads when there are many, handed out in the
 * order of `sources`) and stored as they arrive.
 */
export function startItemBodies(sources: readonly BodySource[], policy: RawHtmlPolicy, cache: BodyCache, options: RenderBodiesOptions = {}): BodyRendering {
  const each = new Map<string, Promise<RenderedBody | null>>();
  const missing: { source: BodySource; key: string }[] = [];
  for (const source of sources) {
    const key = bodyCacheKey(source.markdown, source.relativePath, policy);
    const cached = cache.get(key);
    if (cached) each.set(source.displayPath, Promise.resolve(cached));
    else missing.push({ source, key });
  }
  const rendered = renderBodies(
    missing.map(({ source }) => ({ markdown: source.markdown, relativePath: source.relativePath })),
    policy,
    options,
  );
  missing.forEach(({ source, key }, index) => {
    const body = (rendered[index] as Promise<RenderedBody | null>).then((result) => {
      if (result) cache.set(key, result);
      return result;
    });
    each.set(source.displayPath, body);
  });
  // Keep the order of `sources`, which later stages iterate.
  const ordered = new Map(sources.map((source) => [source.displayPath, each.get(source.displayPath) as Promise<RenderedBody | null>]));
  const all = Promise.all([...ordered].map(async ([file, body]) => [file, await body] as const)).then(
    (entries) => new Map(entries.filter((entry): entry is readonly [string, RenderedBody] => entry[1] !== null)),
  );
  // A worker that crashes rejects the bodies it held; whoever awaits them sees it, and nobody else must.
  void all.catch(() => undefined);
  return { each: ordered, all };
}

/** `startItemBodies`, waiting for all of them. */
export function renderItemBodies(sources: readonly BodySource[], policy: RawHtmlPolicy, cache: BodyCache, options: RenderBodiesOptions = {}): Promise<Map<string, RenderedBody>> {
  return startItemBodies(sources, policy, cache, options).all;
}
