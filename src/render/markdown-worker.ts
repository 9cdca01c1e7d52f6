import { renderMarkdownOrNull } from './body-guard.js';
import type { RawHtmlPolicy, RenderedBody } from './markdown.js';

/** One body to render: what `renderMarkdown` takes. */
export interface MarkdownJob {
  readonly markdown: string;
  readonly relativePath: string;
}

export interface MarkdownBatch {
  readonly jobs: readonly MarkdownJob[];
  readonly policy: RawHtmlPolicy;
}

/**
 * Piscina entry point (compiled to lib/render/markdown-worker.js): renders a
 * batch of bodies. Batches, not single bodies, so the cost of posting messages
 * stays small next to the cost of parsing.
 */
export default function renderMarkdownBatch(batch: MarkdownBatch): (RenderedBody | null)[] {
  return batch.jobs.map((job) => renderMarkdownOrNull(job.markdown, job.relativePath, batch.policy));
}
