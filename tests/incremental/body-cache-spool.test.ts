import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyCacheKey, openBodyCache } from '../../lib/cache/body-cache.js';
import type { RenderedBody } from '../../lib/render/markdown-types.js';
import { trackedTempDirs } from '../helpers/site.js';

const temp = trackedTempDirs('communique-body-spool-');
/** A looked-up body as stored, without the key the cache adds (and reading its HTML if it was not read). */
const plain = (body: RenderedBody | null): Omit<RenderedBody, 'key'> | null => (body ? { html: body.html, itemLinks: body.itemLinks } : null);
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
    for (const { key, body } of bodies) expect(plain(reopened.get(key))).toEqual(body);
    // Shards assembled from the spool are placed as well as those written at once: every body is read alone.
    expect(reopened.stats).toMatchObject({ shardsRead: 0, bodiesReadAlone: bodies.length });
  });

  it('reads the whole shard when the index places a body wrongly, and never takes another body for it', async () => {
    const dir = cacheFolder();
    const first = await openBodyCache(dir);
    for (const { key, body } of bodies) first.set(key, body);
    await first.save();
    const indexFile = path.join(dir, 'bodies', 'index.json');
    const recorded = JSON.parse(readFileSync(indexFile, 'utf8')) as { shards: Record<string, { at: Record<string, [number, number]> }> };
    // Each key given the place of another body of its shard, where there is one; else a place off by one byte.
    for (const record of Object.values(recorded.shards)) {
      const places = Object.values(record.at);
      Object.keys(record.at).forEach((key, index) => {
        const [offset, length] = places[(index + 1) % places.length] ?? [0, 0];
        record.at[key] = places.length > 1 ? [offset, length] : [offset + 1, length];
      });
    }
    writeFileSync(indexFile, JSON.stringify(recorded));
    const reopened = await openBodyCache(dir);
    for (const { key, body } of bodies) expect(plain(reopened.get(key))).toEqual(body);
    expect(reopened.stats.bodiesReadAlone).toBe(0);
    expect(reopened.stats.shardsRead).toBeGreaterThan(5);
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
    for (const { key, body } of [...bodies.slice(0, 15), ...bodies.slice(30)]) expect(plain(third.get(key))).toEqual(body);
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
    for (const { key, body } of bodies.slice(0, 5)) expect(plain(reopened.get(key))).toEqual(body);
  });

  it('reads a shard only when a body of it is asked for its HTML, and whole when it changed since it was indexed', async () => {
    const dir = cacheFolder();
    const first = await openBodyCache(dir);
    for (const { key, body } of bodies) first.set(key, body);
    await first.save();
    const shards = readdirSync(path.join(dir, 'bodies')).filter((name) => /^[0-9a-f]{2}\.json$/.test(name));
    expect(shards.length).toBeGreaterThan(5);

    const second = await openBodyCache(dir);
    const looked = bodies.map(({ key }) => second.get(key));
    // Every body is known (its key and item links), none read.
    expect(looked.map((body) => body?.itemLinks)).toEqual(bodies.map(({ body }) => body.itemLinks));
    expect(second.stats.shardsRead).toBe(0);
    const [one] = bodies;
    if (!one) throw new Error('no bodies');
    // Each body's HTML is read alone from its place in its shard (curly quotes, escaped quotes, a backslash, a new line).
    expect(looked.map((body) => body?.html)).toEqual(bodies.map(({ body }) => body.html));
    expect(second.stats.bodiesReadAlone).toBe(bodies.length);
    expect(second.stats.shardsRead).toBe(0);
    // Nothing changed: saving writes no shard again (the index says what each holds), and reads none.
    const inodes = new Map(shards.map((name) => [name, statSync(path.join(dir, 'bodies', name)).ino]));
    await second.save();
    for (const [name, ino] of inodes) expect(statSync(path.join(dir, 'bodies', name)).ino, name).toBe(ino);
    expect(second.stats.shardsRead).toBe(0);
    // ... and the places it keeps in the index still lead to each body.
    const again = await openBodyCache(dir);
    expect(bodies.map(({ key }) => again.get(key)?.html)).toEqual(bodies.map(({ body }) => body.html));
    expect(again.stats).toMatchObject({ shardsRead: 0, bodiesReadAlone: bodies.length });

    // A shard edited since it was indexed is read whole when the cache opens, and its bodies are what it now holds.
    const shardFile = path.join(dir, 'bodies', `${one.key.slice(0, 2)}.json`);
    writeFileSync(shardFile, readFileSync(shardFile, 'utf8').replace(`body 0 with`, `body zero with`));
    const third = await openBodyCache(dir);
    expect(third.get(one.key)?.html).toBe(one.body.html.replace('body 0 with', 'body zero with'));
    expect(third.stats.shardsRead).toBe(0);
  });

  it('says so, naming the shard, when a shard loses a body between the cache opening and the body being read', async () => {
    const dir = cacheFolder();
    const first = await openBodyCache(dir);
    for (const { key, body } of bodies) first.set(key, body);
    await first.save();
    const [one] = bodies;
    if (!one) throw new Error('no bodies');
    const second = await openBodyCache(dir);
    const body = second.get(one.key);
    const shard = one.key.slice(0, 2);
    writeFileSync(path.join(dir, 'bodies', `${shard}.json`), JSON.stringify({ pipeline: 'another build', entries: {} }));
    expect(() => body?.html).toThrow(`shard ${shard}.json changed while this build ran`);
  });

  it('reads every shard when the index is damaged or its records are, and loses no body', async () => {
    for (const index of ['{ not json', 'null', JSON.stringify({ pipeline: 'x', shards: null })]) {
      const dir = cacheFolder();
      const first = await openBodyCache(dir);
      for (const { key, body } of bodies) first.set(key, body);
      await first.save();
      writeFileSync(path.join(dir, 'bodies', 'index.json'), index);
      const reopened = await openBodyCache(dir);
      for (const { key, body } of bodies) expect(plain(reopened.get(key))).toEqual(body);
      // Saved with no shard written again, the index places every body from the shards as they were read.
      await reopened.save();
      const again = await openBodyCache(dir);
      expect(bodies.map(({ key }) => again.get(key)?.html)).toEqual(bodies.map(({ body }) => body.html));
      expect(again.stats).toMatchObject({ shardsRead: 0, bodiesReadAlone: bodies.length });
    }
    // A record of the right pipeline whose links are missing: its shard is read whole.
    const dir = cacheFolder();
    const first = await openBodyCache(dir);
    for (const { key, body } of bodies) first.set(key, body);
    await first.save();
    const indexFile = path.join(dir, 'bodies', 'index.json');
    const recorded = JSON.parse(readFileSync(indexFile, 'utf8')) as { shards: Record<string, { links: unknown }> };
    for (const record of Object.values(recorded.shards)) record.links = null;
    writeFileSync(indexFile, JSON.stringify(recorded));
    const reopened = await openBodyCache(dir);
    for (const { key, body } of bodies) expect(plain(reopened.get(key))).toEqual(body);
  });

  it('keeps nothing without a cache folder', async () => {
    const cache = await openBodyCache(null);
    const [entry] = bodies;
    if (!entry) throw new Error('no bodies');
    cache.set(entry.key, entry.body);
    expect(cache.get(entry.key)).toBeNull();
  });
});
