import { describe, expect, it } from 'vitest';
import { inPageOrder, type BatchRenderer } from '../../src/render/page-order.js';
import type { PageStep, SiteFile } from '../../src/render/render-site.js';

/** Workers that answer in an order of their own: later jobs often first, and some fail (null). */
function shuffledWorkers(fails: (index: number) => boolean): BatchRenderer & { readonly jobs: number } {
  let jobs = 0;
  let pending: (() => void)[] = [];
  return {
    get jobs() {
      return jobs;
    },
    add(template) {
      const index = jobs;
      jobs += 1;
      return new Promise((resolve) => pending.push(() => resolve(fails(index) ? null : `worker:${template}`)));
    },
    flush() {
      const batch = pending.reverse();
      pending = [];
      batch.forEach((answer, at) => setTimeout(answer, (at * 7) % 5));
    },
  };
}

/** Page steps: every third page is kept (a file already made), the others are to render. */
function pageSteps(count: number, log: string[]): PageStep[] {
  return Array.from({ length: count }, (_, index): PageStep => {
    const path = `page-${index}.html`;
    if (index % 3 === 0) return { file: { path, content: 'kept' } };
    return {
      template: `t${index}`,
      view: {},
      render: () => `here:t${index}`,
      finish: (html) => {
        log.push(path);
        return { path, content: html ?? `finished-here:t${index}` };
      },
    };
  });
}

async function handOn(steps: readonly PageStep[], workers: BatchRenderer | null): Promise<SiteFile[]> {
  const sent: SiteFile[] = [];
  const pages = inPageOrder(async (file) => void sent.push(file), workers, 0.4);
  for (const step of steps) await pages.add(step);
  await pages.finish();
  return sent;
}

describe('pages rendered beside the workers', () => {
  it('are handed on and finished in page order, whatever order the workers answer in', async () => {
    const finished: string[] = [];
    const steps = pageSteps(700, finished);
    const workers = shuffledWorkers((index) => index % 11 === 0);
    const sent = await handOn(steps, workers);
    expect(sent.map((file) => file.path)).toEqual(steps.map((_, index) => `page-${index}.html`));
    expect(finished).toEqual(sent.filter((file) => !('content' in file && file.content === 'kept')).map((file) => file.path));
    const contents = sent.map((file) => ('content' in file ? String(file.content) : ''));
    // The workers took about 60 % of the pages to render, this thread the rest; a worker's failure is rendered here.
    const toRender = steps.length - Math.ceil(steps.length / 3);
    expect(workers.jobs).toBeGreaterThan(toRender * 0.55);
    expect(workers.jobs).toBeLessThan(toRender * 0.65);
    expect(contents.filter((content) => content.startsWith('worker:')).length + contents.filter((content) => content.startsWith('finished-here:')).length).toBe(workers.jobs);
    expect(contents.filter((content) => content.startsWith('finished-here:')).length).toBeGreaterThan(0);
    expect(contents.filter((content) => content.startsWith('here:')).length).toBe(toRender - workers.jobs);
    for (const [index, content] of contents.entries()) if (index % 3 !== 0) expect(content).toMatch(new RegExp(`:t${index}$`));
  });

  it('without workers, renders each page as it comes', async () => {
    const finished: string[] = [];
    const steps = pageSteps(10, finished);
    const sent = await handOn(steps, null);
    expect(sent.map((file) => ('content' in file ? file.content : ''))).toEqual(steps.map((step, index) => ('file' in step ? 'kept' : `finished-here:t${index}`)));
    expect(finished).toHaveLength(6);
  });
});
