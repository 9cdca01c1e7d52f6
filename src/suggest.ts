import { distance } from 'fastest-levenshtein';

export interface SuggestionCandidate {
  /** What the suggestion proposes, e.g. a term id. */
  readonly value: string;
  /** Other spellings that should lead to it: names, aliases. */
  readonly keys: readonly string[];
}

/** Lowercases and strips accents and punctuation, so `Turkey`, `turkey` and `Türkiye` compare on letters. */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Up to `limit` (default 3) candidates close to `input`, best first: an exact
 * match after normalisation wins, then the smallest edit distance within a
 * third of the input's length (at least 2).
 */
export function suggest(input: string, candidates: readonly SuggestionCandidate[], limit = 3): string[] {
  const wanted = normalizeForMatch(input);
  if (!wanted) return [];
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  const scored: { value: string; score: number }[] = [];
  for (const candidate of candidates) {
    let best = Number.POSITIVE_INFINITY;
    for (const key of [candidate.value, ...candidate.keys]) {
      const normalized = normalizeForMatch(key);
      const score = normalized === wanted ? 0 : distance(normalized, wanted);
      if (score < best) best = score;
    }
    if (best <= threshold) scored.push({ value: candidate.value, score: best });
  }
  scored.sort((a, b) => a.score - b.score || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return [...new Set(scored.map((s) => s.value))].slice(0, limit);
}

/** `Did you mean "a"?` / `Did you mean "a" or "b"?`, or undefined. */
export function didYouMean(suggestions: readonly string[]): string | undefined {
  if (suggestions.length === 0) return undefined;
  const quoted = suggestions.map((s) => `"${s}"`);
  const last = quoted.pop();
  return `Did you mean ${quoted.length ? `${quoted.join(', ')} or ${last}` : last}?`;
}
