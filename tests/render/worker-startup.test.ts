import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNodeScript } from '../helpers/node-script.js';

const lib = (file: string): string => pathToFileURL(path.resolve('lib', file)).href;

// Starts a pool and stops it again as soon as its work is done, many times over, so that the pool is often stopped
// while one of its threads is still loading its module. With the worker module loaded by require(), that aborted
// the whole process (V8: "IsGraphAsync must be used on an instantiated module").
const startAndStop = `
import { renderBodies } from ${JSON.stringify(lib('render/markdown-pool.js'))};
import { createPageRenderPool } from ${JSON.stringify(lib('render/page-pool.js'))};
const policy = { mode: 'sanitize', embedHosts: [] };
for (let round = 0; round < 60; round += 1) {
  const [body] = await Promise.all(renderBodies([{ markdown: '# Round ' + round, relativePath: 'news/a.md' }], policy, { threshold: 0 }).results);
  if (!body?.html.includes('Round ' + round)) throw new Error('round ' + round + ' rendered ' + JSON.stringify(body));
  await createPageRenderPool(2).close();
}
console.log('stopped 60 pools');
`;

describe('worker pools stopped while their threads start', () => {
  // Two processes at once, so that threads start slowly, as they do on a busy CI machine.
  it('never abort the process', async () => {
    const runs = await Promise.all([runNodeScript(startAndStop), runNodeScript(startAndStop)]);
    for (const run of runs) {
      expect(run.stderr).not.toContain('FATAL ERROR');
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('stopped 60 pools');
    }
  }, 120_000);
});
