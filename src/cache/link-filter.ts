import { linkTargetFiles } from '../render/link-check.js';

/**
 * A page's internal links, kept in the output manifest as a Bloom filter: when
 * a build no longer has some paths of the last one (an item deleted or
 * renamed), only the kept pages whose filter may hold one of them are read
 * back and have their links checked again; every other kept page's links all
 * led somewhere when it was published, none of them is gone, so all still do.
 * A false positive only costs a page read; a false negative cannot happen.
 *
 * 512 bits and 3 probes: a page of this site's templates has 20 to 80 links
 * besides its navigation (which is checked on its own), so about 1 to 5 % of
 * kept pages are read back for each gone path, where every page was before
 * (a publish deleting one item at N = 10,000 took twice as long as one adding
 * an item, most of it reading and checking 14,000 pages).
 */
const BITS = 512;
const PROBES = 3;

/** A filter of the output files `links` (site paths, as `internalLinks` finds them) can lead to, as base64. */
export function linkFilterOf(links: Iterable<string>, basePath: string): string {
  const bits = new Uint8Array(BITS / 8);
  for (const link of links) for (const file of linkTargetFiles(link, basePath)) for (const bit of probes(file)) bits[bit >> 3] = (bits[bit >> 3] as number) | (1 << (bit & 7));
  return Buffer.from(bits).toString('base64');
}

/**
 * A test of page filters against output files that are gone: true when a page with that filter may link to one of
 * them, or has no filter (recorded by an older build).
 */
export function mayLinkToAny(files: readonly string[]): (filter: string | undefined) => boolean {
  const wanted = files.map(probes);
  return (filter) => {
    if (filter === undefined) return true;
    const bits = Buffer.from(filter, 'base64');
    if (bits.length !== BITS / 8) return true;
    return wanted.some((fileProbes) => fileProbes.every((bit) => ((bits[bit >> 3] as number) & (1 << (bit & 7))) !== 0));
  };
}

/** The bits of `file`: double hashing over two 32-bit FNV-1a hashes of its UTF-16 code units. */
function probes(file: string): number[] {
  let first = 0x811c9dc5;
  let second = 0x01000193 ^ 0x5bd1e995;
  for (let index = 0; index < file.length; index += 1) {
    const unit = file.charCodeAt(index);
    first = Math.imul(first ^ unit, 0x01000193) >>> 0;
    second = Math.imul(second ^ unit, 0x5bd1e995) >>> 0;
  }
  second |= 1;
  return Array.from({ length: PROBES }, (_, probe) => ((first + Math.imul(probe, second)) >>> 0) % BITS);
}
