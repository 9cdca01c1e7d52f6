import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { createDiagnosticSink, hasErrors, sortDiagnostics, type Diagnostic, type Severity } from '../diagnostics.js';
import { loadContentSources, toPosix } from '../load/read-sources.js';
import { resolveTag } from '../model/items.js';
import type { TagField } from '../model/tag-fields.js';
import { buildVocabularies } from '../model/vocabularies.js';
import { isCalendarDate } from '../parse/schemas.js';
import { parseSiteConfig } from '../parse/site-config.js';
import { parseVocabularyFile } from '../parse/vocabulary.js';
import { renderNewItem } from './front-matter-text.js';
import { slugifyTitle } from './slugify.js';

export interface NewItemOptions {
  /** Default: process.cwd(). */
  readonly cwd?: string;
  /** Default `content`. */
  readonly contentDir?: string;
  readonly title: string;
  /** Required: an item cannot be valid without its issuer. */
  readonly issuedBy: string | undefined;
  readonly fieldsOfWork?: readonly string[];
  readonly countries?: readonly string[];
  readonly meetings?: readonly string[];
  /** `YYYY-MM-DD`: the item's date and file-name prefix. */
  readonly date: string;
}

/** A problem with what was asked for on the command line, named by its option. */
export interface ArgumentProblem {
  /** The option and value, e.g. `--field polcing`. */
  readonly option: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint?: string;
}

export type NewItemResult =
  /** The file was written; `warnings` name renamed ids that were replaced by their new id. */
  | { readonly kind: 'created'; readonly path: string; readonly warnings: readonly ArgumentProblem[] }
  /** Bad arguments (unknown ids, a bad date, an empty title): nothing was written. */
  | { readonly kind: 'invalid-arguments'; readonly problems: readonly ArgumentProblem[] }
  /** The taxonomies themselves are broken, so ids cannot be checked: nothing was written. */
  | { readonly kind: 'content-errors'; readonly diagnostics: readonly Diagnostic[] }
  /** The file is there already and is never overwritten. */
  | { readonly kind: 'exists'; readonly path: string };

const OPTION_OF: Record<TagField, string> = { issuedBy: '--issued-by', fieldsOfWork: '--field', countries: '--country', meetings: '--meeting' };
const RESERVED_SLUGS = /^(?:page|atom|\d{4})$/;

/**
 * Creates `content/news/YYYY-MM-DD-<slug>.md` for a new item, after checking
 * every id against the taxonomies with the same suggestions as the build.
 * Never overwrites a file.
 */
export async function createNewsItem(options: NewItemOptions): Promise<NewItemResult> {
  const cwd = options.cwd ?? process.cwd();
  const contentDir = path.resolve(cwd, options.contentDir ?? 'content');
  const problems: ArgumentProblem[] = [];
  const title = options.title.trim();
  const slug = slugifyTitle(title);
  if (title === '') {
    problems.push({ option: 'title', severity: 'error', message: 'The title is empty.', hint: 'Give the headline in quotes: communique new "OSCE opens a new office".' });
  } else if (slug === '') {
    problems.push({ option: 'title', severity: 'error', message: `The title ${JSON.stringify(title)} has no letters or digits to make a web address from.`, hint: 'Use a headline with words in Latin letters, or rename the file afterwards.' });
  } else if (RESERVED_SLUGS.test(slug)) {
    problems.push({ option: 'title', severity: 'error', message: `The title would give the address /news/${slug}/, which the news archive uses itself.`, hint: 'Use a headline with words, not only a year.' });
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.date)) {
    problems.push({ option: `--date ${options.date}`, severity: 'error', message: `"${options.date}" is not a date in the form YYYY-MM-DD.`, hint: 'Write it as year-month-day, e.g. --date 2016-09-13.' });
  } else if (!isCalendarDate(options.date)) {
    problems.push({ option: `--date ${options.date}`, severity: 'error', message: `"${options.date}" is not a day of the calendar.`, hint: 'Check the month and the day.' });
  }
  if (options.issuedBy === undefined) {
    problems.push({ option: '--issued-by', severity: 'error', message: 'Say who issues the item.', hint: 'Add --issued-by with an id from structures.yaml or field-operations.yaml, e.g. --issued-by secretariat.' });
  }

  // The same parsing as the build, so ids, aliases and suggestions agree with `check`.
  const sink = createDiagnosticSink();
  const content = await loadContentSources(contentDir, cwd);
  const site = parseSiteConfig(content.site, toPosix(path.relative(cwd, contentDir)) || '.', sink);
  const languageCodes = site ? site.data.languages.map((l) => l.code) : ['en'];
  const parsed = content.vocabularies.map((file) => parseVocabularyFile(file, sink)).filter((v) => v !== null);
  const vocabularies = buildVocabularies(parsed, languageCodes, sink);
  if (hasErrors(sink.list)) return { kind: 'content-errors', diagnostics: sortDiagnostics(sink.list) };
  const context = {
    vocabularies: new Map(vocabularies.map((v) => [v.id, v])),
    defaultLanguage: languageCodes[0] ?? 'en',
    basePath: '/',
    sink,
  };

  const warnings: ArgumentProblem[] = [];
  const resolveIds = (field: TagField, ids: readonly string[]): string[] => {
    const resolved: string[] = [];
    for (const id of ids) {
      const local = createDiagnosticSink();
      const term = resolveTag(field, id, () => ({ file: OPTION_OF[field], line: 1, column: 1 }), { ...context, sink: local });
      for (const d of local.list) {
        // On the command line, "move it to countries" means "give it with --country".
        const moveTo = /Move it to "(\w+)"/.exec(d.hint ?? '')?.[1] as TagField | undefined;
        const hint = moveTo && OPTION_OF[moveTo] ? `Give it with ${OPTION_OF[moveTo]} instead.` : d.rule === 'renamed-term' && term ? `The new item uses "${term.id}".` : d.hint;
        const problem = { option: `${OPTION_OF[field]} ${id}`, severity: d.severity, message: d.message, ...(hint ? { hint } : {}) };
        (d.severity === 'error' ? problems : warnings).push(problem);
      }
      if (term && !resolved.includes(term.id)) resolved.push(term.id);
    }
    return resolved;
  };
  const issuedBy = options.issuedBy === undefined ? [] : resolveIds('issuedBy', [options.issuedBy]);
  const fieldsOfWork = resolveIds('fieldsOfWork', options.fieldsOfWork ?? []);
  const countries = resolveIds('countries', options.countries ?? []);
  const meetings = resolveIds('meetings', options.meetings ?? []);
  if (problems.length > 0) return { kind: 'invalid-arguments', problems };

  const relative = `news/${options.date}-${slug}.md`;
  const absolute = path.join(contentDir, relative);
  const display = toPosix(path.relative(cwd, absolute));
  const text = renderNewItem({ title, date: options.date, issuedBy: issuedBy[0] ?? '', fieldsOfWork, countries, meetings });
  await mkdir(path.dirname(absolute), { recursive: true });
  let handle;
  try {
    // O_EXCL: the check for an existing file and the creation are one step, so nothing is ever overwritten.
    handle = await open(absolute, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { kind: 'exists', path: display };
    throw error;
  }
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
  return { kind: 'created', path: display, warnings };
}

/** `--field polcing: error: Unknown field of work "polcing". Did you mean "policing"?` */
export function formatArgumentProblem(problem: ArgumentProblem): string {
  return `${problem.option}: ${problem.severity}: ${problem.message}${problem.hint ? ` ${problem.hint}` : ''}`;
}
