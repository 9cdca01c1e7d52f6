/*
 * What the rest of the build needs to know of rendered Markdown, without loading the Markdown stack (unified, remark,
 * micromark, hast utilities: about 150 ms of module loading), which only the threads that render bodies load.
 */

/** Links to another item's `.md` file are written with this prefix and replaced by the item's URL once the model is known. */
export const ITEM_LINK_PREFIX = '/__communique_item__/';

export interface RawHtmlPolicy {
  /** `sanitize` (default): raw HTML is parsed and cleaned with GitHub's allow-list; `strip`: raw HTML is dropped. */
  readonly mode: 'sanitize' | 'strip';
  /** Hosts whose `<iframe>` embeds (https only) are kept, e.g. www.youtube-nocookie.com. */
  readonly embedHosts: readonly string[];
}

export interface RenderedBody {
  readonly html: string;
  /** Content-relative paths of the items this body links to, e.g. `news/2016-09-13-x.md`. */
  readonly itemLinks: readonly string[];
  /**
   * The body cache's key for it (a hash of everything it is rendered from, see `bodyCacheKey`), when it came through
   * the cache; a publish names a body by it instead of hashing the HTML.
   */
  readonly key?: string;
}
