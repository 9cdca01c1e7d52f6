import { describe, expect, it } from 'vitest';
import { relatedItems } from '../../lib/model/related.js';
import type { Item } from '../../lib/model/types.js';

/** The definition: every other item, ranked by tags shared, then by position (newest first); those sharing none left out. */
function relatedByDefinition(items: readonly Item[], count: number): Map<Item, Item[]> {
  const tags = (item: Item): Set<string> => new Set([item.issuedBy, ...item.fieldsOfWork, ...item.countries, ...item.meetings].map((t) => t.key));
  return new Map(
    items.map((item, self) => {
      const own = tags(item);
      const ranked = items
        .map((other, index) => ({ other, index, shared: index === self ? 0 : [...tags(other)].filter((tag) => own.has(tag)).length }))
        .filter((entry) => entry.shared > 0)
        .sort((a, b) => b.shared - a.shared || a.index - b.index);
      return [item, ranked.slice(0, count).map((entry) => entry.other)];
    }),
  );
}

/** A seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Items tagged with a skewed spread: a few tags on most items (well over the walked size), most on a few. */
function taggedItems(seed: number, n: number): Item[] {
  const next = random(seed);
  const term = (vocabulary: string, spread: number): { key: string } => ({ key: `${vocabulary}:${Math.floor(next() ** 3 * spread)}` });
  const some = (vocabulary: string, spread: number, most: number): { key: string }[] => Array.from({ length: Math.floor(next() * (most + 1)) }, () => term(vocabulary, spread));
  return Array.from({ length: n }, (_, index) => ({ file: `item-${index}.md`, issuedBy: term('structures', 6), fieldsOfWork: some('fields', 12, 3), countries: some('countries', 40, 2), meetings: some('meetings', 5, 1) }) as unknown as Item);
}

describe('related items', () => {
  it('are the items sharing the most tags, newest first among equals, also where a tag is on hundreds of items', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const items = taggedItems(seed, 600);
      const byTag = new Map<string, number>();
      for (const item of items) byTag.set(item.issuedBy.key, (byTag.get(item.issuedBy.key) ?? 0) + 1);
      // The shortcut for large tags is exercised: some tag is on far more items than are walked one by one.
      expect(Math.max(...byTag.values())).toBeGreaterThan(200);
      const expected = relatedByDefinition(items, 5);
      const actual = relatedItems(items, 5);
      for (const item of items) expect(actual.get(item)?.map((i) => i.file), `seed ${seed}, ${item.file}`).toEqual(expected.get(item)?.map((i) => i.file));
    }
  });

  it('fill up with the newest items of the largest tag when the others reach too few', () => {
    const tag = (key: string): { key: string } => ({ key });
    const item = (file: string, issuer: string, fields: string[]): Item => ({ file, issuedBy: tag(issuer), fieldsOfWork: fields.map(tag), countries: [], meetings: [] }) as unknown as Item;
    const items = [...Array.from({ length: 100 }, (_, index) => item(`common-${index}`, 'secretariat', [])), item('rare-a', 'secretariat', ['elections', 'policing']), item('rare-b', 'odihr', ['elections', 'policing'])];
    const related = relatedItems(items, 5);
    expect(related.get(items[100] as Item)?.map((i) => i.file)).toEqual(['rare-b', 'common-0', 'common-1', 'common-2', 'common-3']);
    expect(related.get(items[0] as Item)?.map((i) => i.file)).toEqual(['common-1', 'common-2', 'common-3', 'common-4', 'common-5']);
  });
});
