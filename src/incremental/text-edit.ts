import path from 'node:path';
import { createDiagnosticSink, type Diagnostic } from '../diagnostics.js';
import type { BodyCache } from '../cache/body-cache.js';
import { readSourceFile, toPosix, type SourceFile } from '../load/read-sources.js';
import { resolveItems } from '../model/items.js';
import { compareItems } from '../model/site-model.js';
import type { Item, Page, SiteModel } from '../model/types.js';
import type { ParsedItem } from '../parse/item.js';
import { guardedBodyOf, reportTooDeeplyNested } from '../render/body-guard.js';
import { FEED_ENTRY_COUNT } from '../render/feeds.js';
import { renderItemBodies } from '../render/render-bodies.js';
import type { OutputFile, SiteRenderer } from '../render/render-site.js';
import { parseItemFileMemoized, withoutText, type ParseMemo } from './parse-memo.js';

/**
 * What a successful in-memory build (dev server, build session) leaves for
 * the next one, so that an edit to one item's words can be patched in
 * instead of rebuilding the site.
 */
export interface PatchableBuild {
  /** The build options that shape the output; a patch applies only under the same ones. */
  readonly settingsKey: string;
  readonly contentDir: string;
  readonly model: SiteModel;
  /** The renderer of the whole-site render, holding the resolved bodies, templates, navigation and link checker. */
  readonly renderer: SiteRenderer;
  /** Parsed item files by display path, without their texts (see `withoutText`). */
  readonly parsed: ReadonlyMap<string, ParsedItem>;
  /** Every file of the site, sorted by path. */
  readonly files: readonly OutputFile[];
  /** Position of each output path in `files`. */
  readonly fileIndex: ReadonlyMap<string, number>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Holds the last patchable build between two builds of a session. */
export interface LastBuildMemo {
  current: PatchableBuild | null;
}

export function createLastBuildMemo(): LastBuildMemo {
  return { current: null };
}

export interface PatchContext {
  readonly cwd: string;
  readonly bodyCache: BodyCache;
  readonly parseMemo: ParseMemo | undefined;
}

/** A patched build: the whole site with the affected files replaced, and the state for the next patch. */
export interface PatchedBuild {
  readonly state: PatchableBuild;
  readonly files: readonly OutputFile[];
  /** The files rendered again (the only ones that can differ from the last build's). */
  readonly rendered: readonly OutputFile[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The dev loop's fast path. When the only change is to one item file, and
 * only its title, summary or text changed (same date, tags, slug, flags,
 * aliases; still sorted in the same place; no problem reported; an original or
 * a translation alike: each has its own words, and a translation takes only
 * its original's date, tags and flags), the item is patched into the last build's model and only the
 * pages showing it are rendered again: its own page, the lists and related
 * sections it appears in, and the feeds it is among the latest of. Anything
 * else returns null and the caller runs a full build, so the result is always
 * what a clean build gives (the incremental-equals-clean property test covers
 * these edits). The model of `last` is updated in place: the caller must drop
 * `last` whatever the outcome.
 */
export async function patchTextEdit(last: PatchableBuild, changedPaths: readonly string[], context: PatchContext): Promise<PatchedBuild | null> {
  const [changed] = changedPaths;
  if (changed === undefined || changedPaths.length !== 1) return null;
  const absolute = path.resolve(context.cwd, changed);
  const relativePath = toPosix(path.relative(last.contentDir, absolute));
  const displayPath = toPosix(path.relative(context.cwd, absolute)) || relativePath;
  const before = last.parsed.get(displayPath);
  if (!before) return null;
  if (last.diagnostics.some((d) => d.file === displayPath)) return null;
  const item = last.model.translations.get(before.key)?.get(before.lang);
  if (!item || item.file !== displayPath) return null;

  let source: SourceFile;
  try {
    source = await readSourceFile(last.contentDir, relativePath, context.cwd);
  } catch {
    return null;
  }
  const sink = createDiagnosticSink();
  const languages = last.model.config.languages.map((language) => language.code);
  const after = parseItemFileMemoized(source, languages, sink, context.parseMemo);
  if (!after || sink.list.length > 0 || !onlyWordsDiffer(before, after)) return null;
  const { config } = last.model;
  // A translation takes its date, tags and flags from its original (never its words), so it is resolved beside it.
  const original = after.isTranslation ? originalOf(last.parsed, after) : null;
  if (after.isTranslation && !original) return null;
  const resolved = resolveItems(original ? [original, after] : [after], { vocabularies: last.model.vocabularyById, defaultLanguage: config.defaultLanguage, basePath: config.basePath, sink }).find(
    (candidate) => candidate.file === displayPath,
  );
  if (!resolved || sink.list.length > 0 || !sameExceptWords(item, resolved) || !keepsItsPlace(last.model, item, resolved)) return null;
  if (reportTooDeeplyNested(guardedBodyOf(after), sink)) return null;
  const body = (await renderItemBodies([{ displayPath, relativePath: after.source.relativePath, bodyHash: after.bodyFacts.hash, markdown: () => after.body }], config.rawHtml, context.bodyCache)).get(displayPath);
  if (!body) return null;

  const renderSink = createDiagnosticSink();
  const { renderer } = last;
  renderer.reportTo(renderSink);
  if (!renderer.replaceBody(displayPath, body, source.text ?? '')) return null;
  // Pages and feeds hold the item object itself, so changing it in place updates every list it is in.
  Object.assign(item as Mutable<Item>, { title: resolved.title, summary: resolved.summary, aliasSources: resolved.aliasSources });
  // Only words changed, so every link on these pages but the body's (checked just above) is as it was.
  const feeds = renderer.plan.feeds.filter((spec) => isAmongLatest(item, spec.items));
  const replaced = renderer.renderPatch(pagesShowing(last.model, item), feeds, true);
  if (renderSink.list.length > 0) return null;

  const files = [...last.files];
  const rendered: OutputFile[] = [];
  for (const file of replaced) {
    const at = file ? last.fileIndex.get(file.path) : undefined;
    if (!file || at === undefined) return null;
    files[at] = file;
    rendered.push(file);
  }
  const state: PatchableBuild = { ...last, parsed: new Map(last.parsed).set(displayPath, withoutText(after)), files };
  return { state, files, rendered };
}

/** The original a translation belongs to (same key, not a translation). */
function originalOf(parsed: ReadonlyMap<string, ParsedItem>, translation: ParsedItem): ParsedItem | null {
  for (const other of parsed.values()) if (!other.isTranslation && other.key === translation.key) return other;
  return null;
}

function isAmongLatest(item: Item, items: readonly Item[]): boolean {
  for (let index = 0; index < FEED_ENTRY_COUNT && index < items.length; index += 1) if (items[index] === item) return true;
  return false;
}

/** Same file identity and front matter, except possibly `title` and `summary` (the body may differ too). */
function onlyWordsDiffer(before: ParsedItem, after: ParsedItem): boolean {
  if (before.key !== after.key || before.lang !== after.lang || before.isTranslation !== after.isTranslation) return false;
  if (before.explicitKeys.size !== after.explicitKeys.size || [...before.explicitKeys].some((key) => !after.explicitKeys.has(key))) return false;
  const rest = (data: ParsedItem['data']): string => JSON.stringify({ ...data, title: undefined, summary: undefined });
  return rest(before.data) === rest(after.data);
}

/** Resolved the same way: same address, date, type, flags, terms (the very objects) and aliases. */
function sameExceptWords(item: Item, resolved: Item): boolean {
  const sameTerms = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((term, index) => term === b[index]);
  return (
    item.key === resolved.key &&
    item.lang === resolved.lang &&
    item.slug === resolved.slug &&
    item.path === resolved.path &&
    item.date === resolved.date &&
    item.type === resolved.type &&
    item.draft === resolved.draft &&
    item.issuedBy === resolved.issuedBy &&
    sameTerms(item.fieldsOfWork, resolved.fieldsOfWork) &&
    sameTerms(item.countries, resolved.countries) &&
    sameTerms(item.meetings, resolved.meetings) &&
    sameTerms(item.aliases, resolved.aliases)
  );
}

/** Lists are sorted by date, then title: a new title must not move the item past a neighbour of the same date. */
function keepsItsPlace(model: SiteModel, item: Item, resolved: Item): boolean {
  const list = model.itemsByLanguage.get(item.lang) ?? [];
  const at = list.indexOf(item);
  if (at < 0) return false;
  const retitled = { ...item, title: resolved.title };
  const previous = list[at - 1];
  const next = list[at + 1];
  return (previous === undefined || compareItems(previous, retitled) < 0) && (next === undefined || compareItems(retitled, next) < 0);
}

/** The item's own page, and every list and related section showing its card. */
function pagesShowing(model: SiteModel, item: Item): Page[] {
  return model.pages.filter((page) => {
    if (page.kind === 'item') return page.item === item || page.related.includes(item);
    return 'items' in page && page.items.includes(item);
  });
}
