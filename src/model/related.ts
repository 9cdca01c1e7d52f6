import type { Item } from './types.js';

const RELATED_COUNT = 5;

/**
 * A tag shared by more items than this is not walked item by item when it is
 * the largest of an item's tags: membership is looked up instead (see below).
 */
const WALKED_TAG_SIZE = 64;

/**
 * For each item, the items sharing the most of its own tags (issuer, fields,
 * countries, meetings), newest first among equals. Uses an inverted index so
 * the cost grows with shared tags, not with the square of the item count.
 *
 * Popular tags (a big country, a common field) hold thousands of items, and
 * walking them for each of their items costs the square of their size. So an
 * item's largest tag, when it is that large, is not walked: the items its other
 * tags reach get one more if they hold it too, and of the items only it
 * reaches, which all share exactly one tag, the newest are the only candidates.
 * The result is the same as counting every tag (`tests/model/related.test.ts`).
 */
export function relatedItems(items: readonly Item[], count = RELATED_COUNT): Map<Item, Item[]> {
  const tagsOf = (item: Item): string[] => [...new Set([item.issuedBy, ...item.fieldsOfWork, ...item.countries, ...item.meetings].map((t) => t.key))];
  const byTag = new Map<string, number[]>();
  items.forEach((item, index) => {
    for (const tag of tagsOf(item)) {
      const list = byTag.get(tag);
      if (list) list.push(index);
      else byTag.set(tag, [index]);
    }
  });
  const members = new Map<string, Uint8Array>();
  const membersOf = (tag: string, list: readonly number[]): Uint8Array => {
    let set = members.get(tag);
    if (!set) {
      set = new Uint8Array(items.length);
      for (const index of list) set[index] = 1;
      members.set(tag, set);
    }
    return set;
  };
  const result = new Map<Item, Item[]>();
  // Counts in a typed array and a top-`count` selection instead of a Map and a full sort: this loop is hot.
  const shared = new Int32Array(items.length);
  const touched: number[] = [];
  items.forEach((item, self) => {
    const lists = tagsOf(item).map((tag) => [tag, byTag.get(tag) ?? []] as const);
    let largest: (typeof lists)[number] | null = null;
    for (const entry of lists) if (entry[1].length > WALKED_TAG_SIZE && (largest === null || entry[1].length > largest[1].length)) largest = entry;
    for (const entry of lists) {
      if (entry === largest) continue;
      for (const other of entry[1]) {
        if (other === self) continue;
        if (shared[other] === 0) touched.push(other);
        shared[other] = (shared[other] ?? 0) + 1;
      }
    }
    if (largest) {
      const holds = membersOf(largest[0], largest[1]);
      for (const other of touched) if (holds[other] === 1) shared[other] = (shared[other] ?? 0) + 1;
    }
    // `items` is newest first, so the index breaks ties by date.
    const best: number[] = [];
    const better = (a: number, b: number): boolean => (shared[a] ?? 0) > (shared[b] ?? 0) || ((shared[a] ?? 0) === (shared[b] ?? 0) && a < b);
    const consider = (other: number): boolean => {
      if (best.length === count && !better(other, best[count - 1] ?? other)) return false;
      let at = best.length;
      while (at > 0 && better(other, best[at - 1] ?? other)) at -= 1;
      best.splice(at, 0, other);
      if (best.length > count) best.pop();
      return true;
    };
    for (const other of touched) consider(other);
    if (largest) {
      // Items only the largest tag reaches share one tag each; its list is in index order, so the first few are the best.
      for (const other of largest[1]) {
        if (other === self || shared[other] !== 0) continue;
        shared[other] = 1;
        touched.push(other);
        if (!consider(other)) break;
      }
    }
    result.set(item, best.map((index) => items[index]).filter((i): i is Item => i !== undefined));
    for (const other of touched) shared[other] = 0;
    touched.length = 0;
  });
  return result;
}
