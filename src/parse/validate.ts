import type { z } from 'zod';
import type { DiagnosticSink } from '../diagnostics.js';
import { didYouMean, suggest } from '../suggest.js';
import type { LocatedYaml, YamlPath } from './yaml-document.js';

const FORMAT_MESSAGES: Record<string, { message: (field: string, value: unknown) => string; hint: string }> = {
  'id-format': {
    message: (field, value) => `${field} ${JSON.stringify(value)} is not a valid id.`,
    hint: 'Use lowercase letters a-z, digits and hyphens only, e.g. "border-management".',
  },
  'slug-format': {
    message: (field, value) => `${field} ${JSON.stringify(value)} is not a valid slug.`,
    hint: 'Use lowercase letters a-z, digits and single hyphens only: no spaces, "/" or "..".',
  },
  'date-format': {
    message: (field, value) => `${field} ${JSON.stringify(value)} is not a date in the form YYYY-MM-DD.`,
    hint: 'Write the date as year-month-day, e.g. 2016-09-13.',
  },
  'date-impossible': {
    message: (field, value) => `${field} ${JSON.stringify(value)} is not a day of the calendar.`,
    hint: 'Check the month and the day: e.g. February has 28 or 29 days.',
  },
  'alias-path': {
    message: (field, value) => `${field} ${JSON.stringify(value)} is not a site path.`,
    hint: 'Write an old address as a path from the site root, e.g. "/news/old-slug/".',
  },
  'language-code': {
    message: (field, value) => `${field} ${JSON.stringify(value)} is not a language code.`,
    hint: 'Use a code such as "en", "fr" or "ru".',
  },
  'base-url': {
    message: (field, value) => `${field} ${JSON.stringify(value)} is not an http(s) address.`,
    hint: 'Write the full address the site is published at, e.g. https://news.example.org/.',
  },
  year: {
    message: (field, value) => `${field} ${JSON.stringify(value)} is not a year.`,
    hint: 'Use four digits, e.g. 2025.',
  },
  host: {
    message: (field, value) => `${field} ${JSON.stringify(value)} is not a host name.`,
    hint: 'Write only the host, e.g. www.youtube-nocookie.com.',
  },
};

/** Front-matter fields that take one id or a list of ids. */
const ID_LIST_FIELDS = new Set(['fieldsOfWork', 'countries', 'meetings', 'aliases']);

export interface ValidationContext {
  readonly yaml: LocatedYaml;
  readonly sink: DiagnosticSink;
  /** Where a missing top-level field is reported (e.g. the opening `---`). */
  readonly missingFieldAt: { file: string; line: number; column: number };
  /** Noun for the whole document in messages, e.g. "front matter". */
  readonly documentName: string;
}

/**
 * Validates the located YAML value against `schema`; every failure becomes a
 * diagnostic at the offending key or value. Returns the parsed value, or null.
 */
export function validateWithSchema<T extends z.ZodType>(schema: T, context: ValidationContext): z.output<T> | null {
  const { yaml, sink } = context;
  const value = yaml.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    sink.error(
      context.missingFieldAt,
      'not-a-mapping',
      `The ${context.documentName} must be a list of "key: value" lines.`,
      'Start each line with a field name followed by a colon, e.g. "title: …".',
    );
    return null;
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const key = `${path.join('.')}|${issue.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reportIssue(issue, path, context);
  }
  return null;
}

function reportIssue(issue: z.core.$ZodIssue, path: YamlPath, context: ValidationContext): void {
  const { yaml, sink } = context;
  const field = describePath(path);
  const actual = valueAt(yaml.value, path);
  if (actual === undefined) {
    const parentPath = path.slice(0, -1);
    const at = parentPath.length === 0 ? context.missingFieldAt : yaml.locateValue(parentPath);
    sink.error(at, 'missing-field', `Required field ${field} is missing.`, `Add a line "${String(path[path.length - 1])}: …".`);
    return;
  }
  const at = yaml.locateValue(path);
  if (actual === null || (typeof actual === 'string' && actual.trim() === '' && issue.code === 'too_small')) {
    sink.error(at, 'empty-field', `Field ${field} is empty.`, 'Give it a value, or remove the line if the field is optional.');
    return;
  }
  const known = FORMAT_MESSAGES[issue.message];
  if (known) {
    sink.error(at, `invalid-${issue.message}`, known.message(`Field ${field}`, actual), known.hint);
    return;
  }
  switch (issue.code) {
    case 'invalid_type':
      sink.error(at, 'wrong-type', `Field ${field} must be ${describeExpected(issue.expected)}, not ${describeValue(actual)}.`, hintForType(issue.expected, String(path[path.length - 1]), actual));
      return;
    case 'invalid_value': {
      const options = issue.values.map(String);
      const hint = didYouMean(suggest(String(actual), options.map((value) => ({ value, keys: [] })))) ?? `Use one of: ${options.join(', ')}.`;
      sink.error(at, 'invalid-value', `Field ${field} cannot be ${JSON.stringify(actual)}.`, hint);
      return;
    }
    case 'invalid_union': {
      if (typeof path[path.length - 1] === 'string' && ID_LIST_FIELDS.has(String(path[path.length - 1])) && Array.isArray(actual)) {
        const index = actual.findIndex((entry) => typeof entry !== 'string');
        sink.error(index >= 0 ? yaml.locateValue([...path, index]) : at, 'wrong-type', `Field ${field} must be a list of ids, but its item ${index + 1} is ${describeValue(actual[index])}.`, `Write the ids side by side, e.g. ${String(path[path.length - 1])}: [policing, elections].`);
        return;
      }
      if (typeof path[path.length - 1] === 'string' && ID_LIST_FIELDS.has(String(path[path.length - 1]))) {
        sink.error(at, 'wrong-type', `Field ${field} must be a list of ids (or a single id), not ${describeValue(actual)}.`, `Write a list, e.g. ${String(path[path.length - 1])}: [policing, elections].`);
        return;
      }
      if (typeof actual === 'number' || typeof actual === 'boolean') {
        sink.error(at, 'wrong-type', `Field ${field} must be text (or one text per language), not ${describeValue(actual)}.`, `Put the value in quotes, e.g. ${String(path[path.length - 1])}: "${String(actual)}".`);
        return;
      }
      sink.error(at, 'wrong-type', `Field ${field} has the wrong form (${describeValue(actual)}).`, 'Use text, or a list such as [a, b] where a list is expected.');
      return;
    }
    case 'too_small':
      sink.error(at, 'too-small', `Field ${field} is too small: ${issue.message}.`, 'Check the value.');
      return;
    case 'too_big':
      sink.error(at, 'too-big', `Field ${field} is too big: ${issue.message}.`, 'Check the value.');
      return;
    default:
      sink.error(at, 'invalid-field', `Field ${field} is not valid: ${issue.message}.`, 'Check the value against the README.');
  }
}

/** Warns about keys the schema does not know, suggesting the closest known key. */
export function reportUnknownKeys(
  yaml: LocatedYaml,
  path: YamlPath,
  knownKeys: readonly string[],
  sink: DiagnosticSink,
  where: string,
): void {
  const object = valueAt(yaml.value, path);
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return;
  for (const key of Object.keys(object)) {
    if (knownKeys.includes(key)) continue;
    const hint =
      didYouMean(suggest(key, knownKeys.map((value) => ({ value, keys: [] }))).slice(0, 1)) ??
      `Known fields are: ${knownKeys.join(', ')}.`;
    sink.warning(yaml.locateKey([...path, key]), 'unknown-field', `Unknown field "${key}" in ${where}; it is ignored.`, hint);
  }
}

export function valueAt(root: unknown, path: YamlPath): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function describePath(path: YamlPath): string {
  if (path.length === 0) return '(document)';
  return `"${path.map((p, i) => (typeof p === 'number' ? `[${p + 1}]` : i === 0 ? p : `.${p}`)).join('')}"`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping of keys';
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `${value ? 'true' : 'false'} (a yes/no value)`;
  return `text (${JSON.stringify(value)})`;
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping of keys';
    default:
      return expected;
  }
}

function hintForType(expected: string, key: string, actual: unknown): string {
  switch (expected) {
    case 'string':
      if (Array.isArray(actual)) return `Give one value only, e.g. ${key}: ${typeof actual[0] === 'string' ? actual[0] : '…'}.`;
      return typeof actual === 'number' || typeof actual === 'boolean' ? `Put the value in quotes, e.g. ${key}: "${String(actual)}".` : 'Write the value as text.';
    case 'boolean':
      return 'Write true or false.';
    case 'array':
      return typeof actual === 'string' ? `Write it as a list, even of one: ${key}: [${actual}].` : `Write a list, e.g. ${key}: [a, b].`;
    default:
      return 'Check the value against the README.';
  }
}
