import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNodeScript } from '../helpers/node-script.js';

const lib = (file: string): string => pathToFileURL(path.resolve('lib', file)).href;

// `need` stays reachable for a whole render (the renderer calls it before awaiting each body). Once every job is
// handed out and rendered, it must keep neither the jobs (each with its item's Markdown) nor the bodies: a callback
// in renderBodies that used the job list kept every item's text for the whole build.
const script = `
import { renderBodies } from ${JSON.stringify(lib('render/markdown-pool.js'))};
const policy = { mode: 'sanitize', embedHosts: [] };
let jobs = Array.from({ length: 200 }, (_, i) => ({ markdown: 'Body ' + i + ' ' + 'x'.repeat(1000), relativePath: 'news/item-' + i + '.md' }));
const jobRefs = jobs.map((job) => new WeakRef(job));
let rendering = renderBodies(jobs, policy, { threshold: 0, lead: 64 });
jobs = null;
const need = rendering.need;
need(Number.POSITIVE_INFINITY);
const bodies = await Promise.all(rendering.results);
const bodyRefs = bodies.map((body) => new WeakRef(body));
bodies.length = 0;
rendering = null;
await new Promise((resolve) => setTimeout(resolve, 200));
globalThis.gc();
await new Promise((resolve) => setTimeout(resolve, 50));
globalThis.gc();
need(0);
console.log(JSON.stringify({ jobs: jobRefs.filter((ref) => ref.deref()).length, bodies: bodyRefs.filter((ref) => ref.deref()).length }));
`;

describe('bodies rendered on worker threads', () => {
  it('are not kept, nor their jobs, by the `need` a render holds on to', async () => {
    const run = await runNodeScript(script, ['--expose-gc']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ jobs: 0, bodies: 0 });
  });
});
