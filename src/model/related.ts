import type { Item } from './types.js';

const RELATED_COUNT = 5;

/**
 * For each item, the items sharing the most of its own tags (issuer, fields,
 * countries, meetings), newest first among equals. Uses an inverted index so
 * the cost grows with shared tags, not with the square of the item count.
 */
export function relatedItems(items: readonly Item[], count = RELATED_COUNT): Map<Item, Item[]> {
  const tagsOf = (item: Item): string[] => [...new Set([item.issuedBy, ...item.fieldsOfWork, ...item.countries, ...item.meetings].map((t) => t.key))];
  const position = new Map(items.map((item, index) => [item, index]));
  const byTag = new Map<string, number[]>();
  items.forEach((item, index) => {
    for (const tag of tagsOf(item)) {
      const list = byTag.get(tag);
      if (list) list.push(index);
      else byTag.set(tag, [index]);
    }
  });
  const result = new Map<Item, Item[]>();
  // Counts in a typed array and a top-`count` selection instead of a Map and a full sort:
  // popular tags (a big country, a common field) share thousands of items, so this loop is hot.
  const shared = new Int32Array(items.length);
  const touched: number[] = [];
  for (const item of items) {
    const self = position.get(item);
    for (const tag of tagsOf(item)) {
      for (const other of byTag.get(tag) ?? []) {
        if (other === self) continue;
        if (shared[other] === 0) touched.push(other);
        shared[other] = (shared[other] ?? 0) + 1;
      }
    }
    // `items` is newest first, so the index breaks ties by date.
    const best: number[] = [];
    const better = (a: number, b: number): boolean => (shared[a] ?? 0) > (shared[b] ?? 0) || ((shared[a] ?? 0) === (shared[b] ?? 0) && a < b);
    for (const other of touched) {
      if (best.length === count && !better(other, best[count - 1] ?? other)) continue;
      let at = best.length;
      while (at > 0 && better(other, best[at - 1] ?? other)) at -= 1;
      best.splice(at, 0, other);
      if (best.length > count) best.pop();
    }
    result.set(item, best.map((index) => items[index]).filter((i): i is Item => i !== undefined));
    for (const other of touched) shared[other] = 0;
    touched.length = 0;
  }
  return result;
}
