import { renderJob, type BodyOutcome, type MarkdownBatch } from './markdown-job.js';

/**
 * Piscina entry point (compiled to lib/render/markdown-worker.js): renders a
 * batch of bodies. Batches, not single bodies, so the cost of posting messages
 * stays small next to the cost of parsing.
 */
export default function renderMarkdownBatch(batch: MarkdownBatch): BodyOutcome[] {
  return batch.jobs.map((job) => renderJob(job, batch.policy));
}
