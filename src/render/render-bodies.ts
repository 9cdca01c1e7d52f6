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

/**
 * Renders every body at most once: cached bodies are taken from `cache`, the
 * rest are rendered (on worker threads when there are many) and stored.
 */
export async function renderItemBodies(
  sources: readonly BodySource[],
  policy: RawHtmlPolicy,
  cache: BodyCache,
  options: RenderBodiesOptions = {},
): Promise<Map<string, RenderedBody>> {
  const result = new Map<string, RenderedBody>();
  const missing: { source: BodySource; key: string }[] = [];
  for (const source of sources) {
    const key = bodyCacheKey(source.markdown, source.relativePath, policy);
    const cached = cache.get(key);
    if (cached) result.set(source.displayPath, cached);
    else missing.push({ source, key });
  }
  const rendered = await renderBodies(
    missing.map(({ source }) => ({ markdown: source.markdown, relativePath: source.relativePath })),
    policy,
    options,
  );
  missing.forEach(({ source, key }, index) => {
    const body = rendered[index];
    if (!body) return;
    cache.set(key, body);
    result.set(source.displayPath, body);
  });
  // Keep the order of `sources`, which later stages iterate.
  return new Map(sources.flatMap((s) => {
    const body = result.get(s.displayPath);
    return body ? [[s.displayPath, body] as const] : [];
  }));
}
