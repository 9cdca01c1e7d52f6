import type { BodyInFile } from '../load/source-bytes.js';
import type { RawHtmlPolicy, RenderedBody } from './markdown-types.js';

/**
 * One body to render: its Markdown, or where to read it (a build's workers
 * read bodies from the files, see `rereadBody`); and the item's
 * content-relative path, which relative links resolve against.
 */
export type MarkdownJob = { readonly markdown: string; readonly relativePath: string } | { readonly inFile: BodyInFile; readonly relativePath: string };

/** The outcome of a job whose file was saved again after the load stage read it. */
export const SOURCE_CHANGED = 'source-changed';

/** A rendered body; null when it is too complex to render; `SOURCE_CHANGED` when its file changed during the build. */
export type BodyOutcome = RenderedBody | null | typeof SOURCE_CHANGED;

export interface MarkdownBatch {
  readonly jobs: readonly MarkdownJob[];
  readonly policy: RawHtmlPolicy;
}
