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
  const tagsOfItem = items.map((item) => [...new Set([item.issuedBy, ...item.fieldsOfWork, ...item.countries, ...item.meetings].map((t) => t.key))]);
  const byTag = new Map<string, number[]>();
  tagsOfItem.forEach((tags, index) => {
    for (const tag of tags) {
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
  // This loop runs for every item over every item it shares a tag with (millions of steps on a large site), so it
  // allocates nothing per step: counts, the items touched and the best few live in typed arrays made once (growing a
  // plain array of touched items, then emptying it, allocated about 50 KB per item at N = 10,000: 600 MB per build,
  // a third of a publish's garbage), and the loops are indexed rather than iterators.
  const result = new Map<Item, Item[]>();
  const shared = new Int32Array(items.length);
  const touched = new Int32Array(items.length);
  let touchedCount = 0;
  const best = new Int32Array(count + 1);
  let bestCount = 0;
  // `items` is newest first, so the index breaks ties by date.
  const better = (a: number, b: number): boolean => (shared[a] as number) > (shared[b] as number) || (shared[a] === shared[b] && a < b);
  // Puts `other` among the best so far; false when it does not belong there (nor, then, anything after it that shares no more).
  const consider = (other: number): boolean => {
    if (bestCount === count && !better(other, best[count - 1] as number)) return false;
    let at = bestCount;
    while (at > 0 && better(other, best[at - 1] as number)) {
      best[at] = best[at - 1] as number;
      at -= 1;
    }
    best[at] = other;
    if (bestCount < count) bestCount += 1;
    return true;
  };
  for (let self = 0; self < items.length; self += 1) {
    const tags = tagsOfItem[self] as string[];
    const lists = tags.map((tag) => byTag.get(tag) ?? []);
    let largest = -1;
    for (let t = 0; t < lists.length; t += 1) {
      const size = (lists[t] as number[]).length;
      if (size > WALKED_TAG_SIZE && (largest < 0 || size > (lists[largest] as number[]).length)) largest = t;
    }
    for (let t = 0; t < lists.length; t += 1) {
      if (t === largest) continue;
      const list = lists[t] as number[];
      for (let i = 0; i < list.length; i += 1) {
        const other = list[i] as number;
        if (other === self) continue;
        if (shared[other] === 0) touched[touchedCount++] = other;
        shared[other] = (shared[other] as number) + 1;
      }
    }
    const largestList = largest < 0 ? null : (lists[largest] as number[]);
    if (largestList) {
      const holds = membersOf(tags[largest] as string, largestList);
      for (let i = 0; i < touchedCount; i += 1) {
        const other = touched[i] as number;
        if (holds[other] === 1) shared[other] = (shared[other] as number) + 1;
      }
    }
    bestCount = 0;
    for (let i = 0; i < touchedCount; i += 1) consider(touched[i] as number);
    if (largestList) {
      // Items only the largest tag reaches share one tag each; its list is in index order, so the first few are the best.
      for (let i = 0; i < largestList.length; i += 1) {
        const other = largestList[i] as number;
        if (other === self || shared[other] !== 0) continue;
        shared[other] = 1;
        touched[touchedCount++] = other;
        if (!consider(other)) break;
      }
    }
    const related: Item[] = [];
    for (let i = 0; i < bestCount; i += 1) {
      const item = items[best[i] as number];
      if (item) related.push(item);
    }
    result.set(items[self] as Item, related);
    for (let i = 0; i < touchedCount; i += 1) shared[touched[i] as number] = 0;
    touchedCount = 0;
  }
  return result;
}
