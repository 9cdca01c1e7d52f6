import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyCacheKey, openBodyCache } from '../../lib/cache/body-cache.js';
import { trackedTempDirs } from '../helpers/site.js';

const temp = trackedTempDirs('communique-body-spool-');
afterAll(temp.removeAll);
const cacheFolder = (): string => temp.make();

// Bodies with characters beyond Latin-1 and JSON-escaped ones, which the spooled JSON members must carry intact.
const bodies = Array.from({ length: 40 }, (_, index) => ({
  key: bodyCacheKey(`Body ${index}`, `news/item-${index}.md`, { mode: 'sanitize', embedHosts: [] }),
  body: { html: `<p>“Quoted” body ${index} with "quotes", a \\ and a\nnew line</p>`, itemLinks: index % 3 === 0 ? [`news/item-${index + 1}.md`] : [] },
}));

describe('the body cache spools new bodies to disk', () => {
  it('writes waiting entries to a spool folder once past the limit, and saves every body in its shard', async () => {
    const dir = cacheFolder();
    const cache = await openBodyCache(dir, { spoolAfterChars: 200 });
    for (const { key, body } of bodies) cache.set(key, body);
    const spool = path.join(dir, 'bodies', `.spool-${process.pid}`);
    expect(readdirSync(spool).length, 'shards spooled before save').toBeGreaterThan(0);
    await cache.save();
    expect(existsSync(spool), 'spool removed by save').toBe(false);

    const reopened = await openBodyCache(dir);
    for (const { key, body } of bodies) expect(reopened.get(key)).toEqual(body);
  });

  it('keeps stored bodies it used and drops the rest when a shard is written again', async () => {
    const dir = cacheFolder();
    const first = await openBodyCache(dir, { spoolAfterChars: 200 });
    for (const { key, body } of bodies.slice(0, 30)) first.set(key, body);
    await first.save();

    const second = await openBodyCache(dir, { spoolAfterChars: 200 });
    // Uses half the stored bodies and adds ten new ones.
    for (const { key } of bodies.slice(0, 15)) expect(second.get(key)).not.toBeNull();
    for (const { key, body } of bodies.slice(30)) second.set(key, body);
    await second.save();

    const third = await openBodyCache(dir);
    for (const { key, body } of [...bodies.slice(0, 15), ...bodies.slice(30)]) expect(third.get(key)).toEqual(body);
    for (const { key } of bodies.slice(15, 30)) expect(third.get(key)).toBeNull();
  });

  it("removes a killed build's spool folder and ignores what it held", async () => {
    const dir = cacheFolder();
    const stale = path.join(dir, 'bodies', '.spool-999999999');
    mkdirSync(stale, { recursive: true });
    writeFileSync(path.join(stale, (bodies[0]?.key ?? '').slice(0, 2)), '"half an entr');
    const cache = await openBodyCache(dir, { spoolAfterChars: 200 });
    for (const { key, body } of bodies.slice(0, 5)) cache.set(key, body);
    await cache.save();
    expect(existsSync(stale)).toBe(false);
    const reopened = await openBodyCache(dir);
    for (const { key, body } of bodies.slice(0, 5)) expect(reopened.get(key)).toEqual(body);
  });

  it('keeps nothing without a cache folder', async () => {
    const cache = await openBodyCache(null);
    const [entry] = bodies;
    if (!entry) throw new Error('no bodies');
    cache.set(entry.key, entry.body);
    expect(cache.get(entry.key)).toBeNull();
  });
});
