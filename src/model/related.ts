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
  const shared = new Map<number, number>();
  for (const item of items) {
    shared.clear();
    const self = position.get(item);
    for (const tag of tagsOf(item)) {
      for (const other of byTag.get(tag) ?? []) {
        if (other !== self) shared.set(other, (shared.get(other) ?? 0) + 1);
      }
    }
    // `items` is newest first, so the index breaks ties by date.
    const best = [...shared.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, count);
    result.set(item, best.map(([index]) => items[index]).filter((i): i is Item => i !== undefined));
  }
  return result;
}
