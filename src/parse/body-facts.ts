import { createHash } from 'node:crypto';
import { measureBlockNesting } from '../render/body-guard.js';

/**
 * What the build needs to know of an item's body without reading it: its
 * body cache key is made from `hash`, the nesting guard reads `nesting`, a
 * worker finds the body in its file at `start`. The parse cache stores them,
 * so that an item taken from it is never decoded in a publish (decoding and
 * hashing every item's text, and the garbage of 10,000 texts, was about a
 * tenth of a publish at N = 10,000).
 */
export interface BodyFacts {
  /** Where the body starts in the file's text (UTF-16 index); null when the body is not the text's tail. */
  readonly start: number | null;
  /** sha256 of the body text (hex, over its UTF-8). */
  readonly hash: string;
  /** Deepest block nesting in the body, and the body line (1-based) where it is reached. */
  readonly nesting: { readonly depth: number; readonly line: number };
  /** Lines before the body's first non-blank character (0 when the body starts with text). */
  readonly linesBeforeText: number;
}

export function hashBodyText(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The facts of `body`, which is the end of `text` unless `start` is null. */
export function bodyFactsOf(text: string, body: string): BodyFacts {
  const firstText = body.search(/\S/);
  let linesBeforeText = 0;
  for (let at = body.indexOf('\n'); at >= 0 && at < firstText; at = body.indexOf('\n', at + 1)) linesBeforeText += 1;
  return { start: text.endsWith(body) ? text.length - body.length : null, hash: hashBodyText(body), nesting: measureBlockNesting(body), linesBeforeText };
}
