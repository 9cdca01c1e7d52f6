import { rereadBody } from '../load/source-bytes.js';
import { renderMarkdown } from './markdown.js';
import type { RawHtmlPolicy, RenderedBody } from './markdown-types.js';
import { SOURCE_CHANGED, type BodyOutcome, type MarkdownBatch, type MarkdownJob } from './markdown-job.js';

/**
 * Piscina entry point (compiled to lib/render/markdown-worker.js): renders a
 * batch of bodies. Batches, not single bodies, so the cost of posting messages
 * stays small next to the cost of parsing. The main thread loads this module
 * too, but only when it renders a body itself (see `markdown-pool.ts`).
 */
export default function renderMarkdownBatch(batch: MarkdownBatch): BodyOutcome[] {
  return batch.jobs.map((job) => renderJob(job, batch.policy));
}

/** Renders one job on this thread (a worker's or the main one). */
export function renderJob(job: MarkdownJob, policy: RawHtmlPolicy): BodyOutcome {
  const markdown = 'markdown' in job ? job.markdown : rereadBody(job.inFile);
  return markdown === null ? SOURCE_CHANGED : renderMarkdownOrNull(markdown, job.relativePath, policy);
}

/**
 * `renderMarkdown`, or null when the body overflows the stack (thousands of
 * nested emphasis marks or HTML tags). Safe to call on worker threads: the
 * failure travels back as data, not as an exception that would end the batch.
 */
export function renderMarkdownOrNull(markdown: string, relativePath: string, policy: RawHtmlPolicy): RenderedBody | null {
  try {
    return renderMarkdown(markdown, relativePath, policy);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}
