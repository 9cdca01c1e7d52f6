import type { DiagnosticSink, SourcePosition } from '../diagnostics.js';
import type { ParsedVocabulary } from '../parse/vocabulary.js';
import { didYouMean, suggest } from '../suggest.js';
import { checkLocalizedText } from '../parse/localized-checks.js';
import { toLocalizedText } from './localized.js';
import { COUNTRY_VOCABULARIES, RESERVED_SEGMENTS } from './tag-fields.js';
import type { Term, Vocabulary } from './types.js';

interface MutableTerm extends Omit<Term, 'country' | 'aliases'> {
  country: Term | undefined;
  aliases: readonly string[];
}

/**
 * Turns parsed taxonomy files into vocabularies, checking what a single file
 * cannot: duplicate ids and aliases, unknown or looping parents, hosts that
 * are not participating states, reserved file names.
 */
export function buildVocabularies(parsed: readonly ParsedVocabulary[], languageCodes: readonly string[], sink: DiagnosticSink): Vocabulary[] {
  const vocabularies: Vocabulary[] = [];
  const countryFields = new Map<MutableTerm, { raw: string; at: SourcePosition }>();
  for (const file of parsed) {
    const fileName = file.source.displayPath;
    if (RESERVED_SEGMENTS.has(file.id) || languageCodes.includes(file.id)) {
      sink.error({ file: fileName, line: 1, column: 1 }, 'reserved-vocabulary-name', `"${file.id}" is used by other pages of the site and cannot name a vocabulary.`, 'Rename the file.');
      continue;
    }
    checkLocalizedText(file.data.title, ['title'], file.yaml, languageCodes, sink);
    checkLocalizedText(file.data.description, ['description'], file.yaml, languageCodes, sink);
    const byId = new Map<string, MutableTerm>();
    const claimed = new Map<string, string>(); // id or alias → owning term id
    const terms: MutableTerm[] = [];
    const termOf = new Map<(typeof file.terms)[number], MutableTerm>();
    for (const flat of file.terms) {
      const { input } = flat;
      const at = file.yaml.locateValue([...flat.path, 'id']);
      const owner = claimed.get(input.id);
      if (owner !== undefined) {
        sink.error(at, 'duplicate-term', owner === input.id ? `Term id "${input.id}" is used twice in this vocabulary.` : `Term id "${input.id}" is already an alias of "${owner}".`, 'Give each term its own id.');
        continue;
      }
      claimed.set(input.id, input.id);
      checkLocalizedText(input.name, [...flat.path, 'name'], file.yaml, languageCodes, sink);
      checkLocalizedText(input.description, [...flat.path, 'description'], file.yaml, languageCodes, sink);
      const term: MutableTerm = {
        vocabulary: file.id,
        id: input.id,
        key: `${file.id}/${input.id}`,
        name: toLocalizedText(input.name),
        description: input.description === undefined ? undefined : toLocalizedText(input.description),
        aliases: input.aliases ?? [],
        parentId: flat.parentId,
        childIds: [],
        country: undefined,
        host: input.host,
        closed: input.closed ?? false,
        code: input.code,
        source: at,
      };
      byId.set(term.id, term);
      termOf.set(flat, term);
      terms.push(term);
      if (input.country !== undefined) countryFields.set(term, { raw: input.country, at: file.yaml.locateValue([...flat.path, 'country']) });
    }
    for (const flat of file.terms) {
      const term = termOf.get(flat);
      const kept: string[] = [];
      (flat.input.aliases ?? []).forEach((alias, index) => {
        const owner = claimed.get(alias);
        if (owner !== undefined && owner !== flat.input.id) {
          const taken = byId.has(alias) ? `is already the id of term "${alias}"` : `is already an alias of "${owner}"`;
          sink.error(file.yaml.locateValue([...flat.path, 'aliases', index]), 'duplicate-alias', `Alias "${alias}" of "${flat.input.id}" ${taken}.`, 'An old id can lead to one term only: remove it here or there.');
        } else if (owner === undefined) {
          claimed.set(alias, flat.input.id);
          kept.push(alias);
        }
      });
      // Only aliases that lead to this term alone get a redirect page.
      if (term) term.aliases = kept;
    }
    // Parents: must exist, and following them must never come back round.
    for (const flat of file.terms) {
      const term = byId.get(flat.input.id);
      if (!term || term.parentId === undefined) continue;
      const parent = byId.get(term.parentId);
      if (!parent) {
        const hint = didYouMean(suggest(term.parentId, terms.filter((t) => t !== term).map((t) => ({ value: t.id, keys: [] }))));
        sink.error(file.yaml.locateValue([...flat.path, 'parent']), 'unknown-parent', `Parent "${term.parentId}" of "${term.id}" is not a term of this vocabulary.`, hint ?? 'Use the id of another term in this file.');
        term.childIds.length = 0;
        (term as { parentId: string | undefined }).parentId = undefined;
        continue;
      }
      parent.childIds.push(term.id);
    }
    const inReportedLoop = new Set<string>();
    for (const flat of file.terms) {
      const term = byId.get(flat.input.id);
      if (!term || inReportedLoop.has(term.id)) continue;
      const chain: string[] = [term.id];
      let cursor = term.parentId;
      while (cursor !== undefined && !chain.includes(cursor)) {
        chain.push(cursor);
        cursor = byId.get(cursor)?.parentId;
      }
      // One error per loop, at the first of its terms in the file, pointing at the parent that closes it.
      if (cursor === term.id) {
        for (const id of chain) inReportedLoop.add(id);
        sink.error(file.yaml.locateValue([...flat.path, 'parent']), 'parent-loop', `The parents of "${term.id}" loop back to it: ${[...chain, cursor].join(' → ')}.`, 'Give one of these terms a parent outside the loop, or none.');
      }
    }
    vocabularies.push({
      id: file.id,
      title: toLocalizedText(file.data.title),
      description: file.data.description === undefined ? undefined : toLocalizedText(file.data.description),
      terms,
      byId,
      isTree: terms.some((t) => t.parentId !== undefined),
      file: fileName,
    });
  }
  // Hosts of field operations: a term of a country vocabulary.
  const countries = vocabularies.filter((v) => COUNTRY_VOCABULARIES.includes(v.id));
  for (const [term, { raw, at }] of countryFields) {
    const host = countries.map((v) => v.byId.get(raw)).find((t) => t !== undefined);
    if (host) {
      term.country = host;
      continue;
    }
    const candidates = countries.flatMap((v) => v.terms.map((t) => ({ value: t.id, keys: [...Object.values(t.name), ...t.aliases] })));
    const aliased = countries.flatMap((v) => v.terms).find((t) => t.aliases.includes(raw));
    if (aliased) {
      term.country = aliased;
      sink.warning(at, 'renamed-term', `Country "${raw}" has been renamed "${aliased.id}".`, `Write "country: ${aliased.id}".`);
      continue;
    }
    sink.error(at, 'unknown-country', `Country "${raw}" of "${term.id}" is not a participating State or Partner.`, didYouMean(suggest(raw, candidates)) ?? 'Use an id from participating-states.yaml, or write "host: <name>" for a host that is not a participating State.');
  }
  return vocabularies.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Ancestors of a term, nearest first; stops at a loop. */
export function ancestorsOf(term: Term, vocabulary: Vocabulary): Term[] {
  const chain: Term[] = [];
  const seen = new Set<string>([term.id]);
  let cursor = term.parentId;
  while (cursor !== undefined && !seen.has(cursor)) {
    const parent = vocabulary.byId.get(cursor);
    if (!parent) break;
    chain.push(parent);
    seen.add(cursor);
    cursor = parent.parentId;
  }
  return chain;
}
