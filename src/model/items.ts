import { startOf, type DiagnosticSink, type SourcePosition } from '../diagnostics.js';
import { defaultSlug, type ParsedItem } from '../parse/item.js';
import { TERM_ID_PATTERN, type ItemInput } from '../parse/schemas.js';
import { didYouMean, suggest } from '../suggest.js';
import { TAG_FIELDS, TAG_FIELD_NAMES, type TagField } from './tag-fields.js';
import type { Item, Term, Vocabulary } from './types.js';
import { itemPath, languagePrefix } from './urls.js';

export interface ResolveContext {
  readonly vocabularies: ReadonlyMap<string, Vocabulary>;
  readonly defaultLanguage: string;
  readonly basePath: string;
  readonly sink: DiagnosticSink;
}

const RESERVED_SLUGS = /^(?:page|atom|\d{4})$/;

/**
 * Resolves parsed items into model items: every tag to its term, translations
 * filled in from their original, slugs checked. Items whose references fail
 * are reported and left out; the run fails anyway.
 */
export function resolveItems(parsed: readonly ParsedItem[], context: ResolveContext): Item[] {
  const originals = new Map<string, ParsedItem>();
  for (const item of parsed) if (!item.isTranslation) originals.set(item.key, item);
  const resolved: Item[] = [];
  for (const item of parsed) {
    const original = item.isTranslation ? originals.get(item.key) : item;
    if (!original) {
      context.sink.error(startOf(item.source.displayPath), 'translation-without-original', `This is a "${item.lang}" translation, but there is no original "${item.key.replace(/^.*\//, '')}.md" beside it.`, 'Add the original in the default language, or rename this file.');
      continue;
    }
    const result = resolveItem(item, original, context);
    if (result) resolved.push(result);
  }
  reportUrlCollisions(resolved, parsed, context.sink);
  return resolved;
}

function resolveItem(item: ParsedItem, original: ParsedItem, context: ResolveContext): Item | null {
  const { sink } = context;
  const file = item.source.displayPath;
  const own = item.data;
  const base = original.data as ItemInput;
  const pick = <K extends keyof ItemInput>(key: K): ItemInput[K] => (item.explicitKeys.has(key) && own[key] !== undefined ? (own[key] as ItemInput[K]) : base[key]);
  // Positions for inherited values point at the original, where they are written.
  const positionFile = (key: string): ParsedItem => (item.explicitKeys.has(key) ? item : original);

  const slug = pick('slug') ?? defaultSlug(item.key);
  if (!TERM_ID_PATTERN.test(slug)) {
    sink.error(startOf(file), 'invalid-file-slug', `The file name gives the slug "${slug}", which cannot be used in a web address.`, 'Rename the file with lowercase letters, digits and hyphens, or set "slug:" in the front matter.');
    return null;
  }
  if (RESERVED_SLUGS.test(slug)) {
    const at = item.explicitKeys.has('slug') ? item.yaml.locateValue(['slug']) : startOf(file);
    sink.error(at, 'reserved-slug', `The slug "${slug}" would clash with the news archive's own pages.`, 'Choose a slug with words, e.g. "2016-elections-report".');
    return null;
  }

  let failed = false;
  const tag = (field: TagField): Term[] => {
    const source = positionFile(field);
    const raw = field === 'issuedBy' ? [pick('issuedBy')] : (pick(field) as string[]);
    const terms: Term[] = [];
    raw.forEach((id, index) => {
      // Located only for a problem: a file taken from the parse cache parses its YAML again to find positions.
      const at = (): SourcePosition => {
        const path = field === 'issuedBy' ? [field] : Array.isArray(source.yaml.value && (source.yaml.value as Record<string, unknown>)[field]) ? [field, index] : [field];
        return source.yaml.locateValue(path);
      };
      const term = resolveTag(field, id, at, context);
      if (term === undefined) failed = true;
      else if (!terms.includes(term)) terms.push(term);
    });
    return terms;
  };
  const tags = Object.fromEntries(TAG_FIELD_NAMES.map((field) => [field, tag(field)])) as Record<TagField, Term[]>;
  if (item.isTranslation) {
    for (const field of TAG_FIELD_NAMES) {
      if (!item.explicitKeys.has(field)) continue;
      const mine = [...(field === 'issuedBy' ? [own.issuedBy] : (own[field] as string[] | undefined) ?? [])].sort();
      const theirs = [...(field === 'issuedBy' ? [base.issuedBy] : base[field])].sort();
      if (mine.join(',') !== theirs.join(',')) {
        sink.warning(item.yaml.locateKey([field]), 'translation-tags-differ', `This translation's ${field} (${mine.join(', ') || 'none'}) differ from the original's (${theirs.join(', ') || 'none'}).`, 'Remove the line to share the original\'s tags, or tag both files alike.');
      }
    }
  }
  const issuer = tags.issuedBy[0];
  if (failed || !issuer) return null;
  const date = pick('date');
  const aliases = item.explicitKeys.has('aliases') ? (own.aliases ?? []) : item.isTranslation ? [] : base.aliases;
  return {
    key: item.key,
    lang: item.lang,
    file,
    slug,
    path: itemPath(context.basePath, languagePrefix(item.lang, context.defaultLanguage), slug),
    title: own.title,
    date,
    year: date.slice(0, 4),
    summary: own.summary,
    type: pick('type'),
    issuedBy: issuer,
    fieldsOfWork: tags.fieldsOfWork,
    countries: tags.countries,
    meetings: tags.meetings,
    draft: pick('draft'),
    aliases,
    aliasSources: aliases.map((_, index) => aliasAt(item.yaml, index)),
  };
}

/** Finds the term an id names in a field, or reports why it cannot. */
export function resolveTag(field: TagField, id: string, locate: () => SourcePosition, context: ResolveContext): Term | undefined {
  const { vocabularies, sink } = context;
  const spec = TAG_FIELDS[field];
  const allowed = spec.vocabularies.map((v) => vocabularies.get(v)).filter((v): v is Vocabulary => v !== undefined);
  for (const vocabulary of allowed) {
    const term = vocabulary.byId.get(id);
    if (term) return term;
  }
  for (const vocabulary of allowed) {
    const renamed = vocabulary.terms.find((t) => t.aliases.includes(id));
    if (renamed) {
      sink.warning(locate(), 'renamed-term', `"${id}" has been renamed "${renamed.id}".`, `Write "${renamed.id}" instead; the old id still works for now.`);
      return renamed;
    }
  }
  for (const other of TAG_FIELD_NAMES) {
    if (other === field) continue;
    const term = TAG_FIELDS[other].vocabularies.map((v) => vocabularies.get(v)?.byId.get(id)).find((t) => t !== undefined);
    if (term) {
      sink.error(locate(), 'wrong-vocabulary', `"${id}" is a ${TAG_FIELDS[other].noun}, not a ${spec.noun}.`, `Move it to "${other}".`);
      return undefined;
    }
  }
  const candidates = allowed.flatMap((v) => v.terms.map((t) => ({ value: t.id, keys: [...Object.values(t.name), ...t.aliases] })));
  const suggestion = didYouMean(suggest(id, candidates));
  // Editors often type the name they see on the site ("Turkey", "Czech Republic"); say that ids are different.
  const hint = suggestion && /[A-Z\s]/.test(id) ? `Write the id, not the name. ${suggestion}` : suggestion;
  const where = spec.vocabularies.map((v) => `${v}.yaml`).join(' or ');
  sink.error(locate(), 'unknown-term', `Unknown ${spec.noun} "${id}".`, hint ?? `Use an id from ${where}.`);
  return undefined;
}

function reportUrlCollisions(items: readonly Item[], parsed: readonly ParsedItem[], sink: DiagnosticSink): void {
  const byPath = new Map<string, Item[]>();
  for (const item of items) byPath.set(item.path, [...(byPath.get(item.path) ?? []), item]);
  const parsedByFile = new Map(parsed.map((p) => [p.source.displayPath, p]));
  for (const [path, clashing] of byPath) {
    if (clashing.length < 2) continue;
    for (const item of clashing) {
      const others = clashing.filter((o) => o !== item).map((o) => o.file);
      const source = parsedByFile.get(item.file);
      const at = source?.explicitKeys.has('slug') ? source.yaml.locateValue(['slug']) : startOf(item.file);
      sink.error(at, 'duplicate-url', `This item would be written to ${path}, like ${others.join(', ')}.`, 'Give one of them a different "slug:".');
    }
  }
}

/** Position of alias `index`, whether `aliases:` is a list or a single path. */
function aliasAt(yaml: ParsedItem['yaml'], index: number): SourcePosition {
  const raw = (yaml.value as Record<string, unknown> | null)?.['aliases'];
  return yaml.locateValue(Array.isArray(raw) ? ['aliases', index] : ['aliases']);
}
