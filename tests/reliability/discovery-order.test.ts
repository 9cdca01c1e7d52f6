import { afterAll, describe, expect, it, vi } from 'vitest';
import { build } from '../../src/build.js';
import { newsItem, removeDir, writeSite } from '../helpers/site.js';

/** When true, fast-glob answers in reverse order: a file system that lists folders differently. */
const order = vi.hoisted(() => ({ reversed: false }));
vi.mock('fast-glob', async (importOriginal) => {
  const real = ((await importOriginal()) as { default: (...args: unknown[]) => Promise<string[]> }).default;
  const glob = async (...args: unknown[]): Promise<string[]> => {
    const found = await real(...args);
    return order.reversed ? [...found].reverse() : found;
  };
  return { default: glob };
});

const sites: string[] = [];
afterAll(() => sites.forEach(removeDir));

describe('the order in which the file system lists files', () => {
  it('changes no byte of the output', async () => {
    const files: Record<string, string> = {};
    // Several items on one day, tagged alike, so any order-dependence shows in lists, feeds and related items.
    for (const name of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) {
      files[`content/news/2016-09-13-${name}.md`] = newsItem({ title: `Item ${name}`, issuedBy: 'secretariat', fieldsOfWork: '[policing, elections]' });
    }
    const site = writeSite(files);
    sites.push(site);
    const run = async (reversed: boolean): Promise<Map<string, string>> => {
      order.reversed = reversed;
      const result = await build({ cwd: site, buildDate: '2026-01-15', write: false });
      expect(result.diagnostics).toEqual([]);
      return new Map(result.files.map((file) => [file.path, Buffer.from(file.content).toString('base64')]));
    };
    const forward = await run(false);
    const reversed = await run(true);
    expect([...reversed.keys()]).toEqual([...forward.keys()]);
    expect([...forward].filter(([path, bytes]) => reversed.get(path) !== bytes).map(([path]) => path)).toEqual([]);
  });
});
