import { normalizeForMatch } from '../suggest.js';

const MAX_SLUG_LENGTH = 60;

/**
 * A URL slug from a headline: accents dropped, lowercase a-z and digits
 * joined by single hyphens, cut at a word boundary after 60 characters.
 * `Türkiye: OSCE Chair visits Ankara` → `turkiye-osce-chair-visits-ankara`.
 */
export function slugifyTitle(title: string): string {
  const slug = normalizeForMatch(title);
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > 0 ? cut.slice(0, lastHyphen) : cut.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/, '');
}
