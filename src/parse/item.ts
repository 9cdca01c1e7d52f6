import { startOf, type DiagnosticSink } from '../diagnostics.js';
import type { SourceFile } from '../load/read-sources.js';
import { bodyFactsOf, type BodyFacts } from './body-facts.js';
import { reportNotUtf8 } from './not-utf8.js';
import { splitFrontMatter } from './front-matter.js';
import { ITEM_KEYS, itemSchema, translationSchema, type TranslationInput } from './schemas.js';
import { reportUnknownKeys, validateWithSchema } from './validate.js';
import type { LocatedYaml } from './yaml-document.js';

/** A news item file after parsing: front matter validated for shape, body still Markdown. */
export interface ParsedItem {
  readonly source: SourceFile;
  /** Shared by an item and its translations: its path under content/ without language suffix and `.md`. */
  readonly key: string;
  readonly lang: string;
  readonly isTranslation: boolean;
  /** Validated front matter; for translations, only what the file itself sets. */
  readonly data: TranslationInput;
  /** Keys the file sets explicitly (translations inherit the rest). */
  readonly explicitKeys: ReadonlySet<string>;
  readonly yaml: LocatedYaml;
  /** The Markdown after the front matter. An item taken from a cache decodes its file only when this is read. */
  readonly body: string;
  readonly bodyStartLine: number;
  readonly bodyFacts: BodyFacts;
}

/**
 * Parses one item file. Problems go to `sink`; returns null when the file
 * cannot be used at all (unreadable, no front matter, invalid shape).
 */
export function parseItemFile(
  source: SourceFile,
  languages: readonly string[],
  sink: DiagnosticSink,
): ParsedItem | null {
  const file = source.displayPath;
  if (source.text === null) {
    reportNotUtf8(source, sink);
    return null;
  }
  if (source.text.trim() === '') {
    sink.error(startOf(file), 'empty-file', 'This file is empty.', 'Add front matter between two "---" lines and the text of the item, or delete the file.');
    return null;
  }
  const { lang, isTranslation, key } = identifyItemFile(source.relativePath, languages);
  if (/^---[ \t]*\n/.test(source.text) && !/\n---[ \t]*(?:\n|$)/.test(source.text)) {
    sink.error(startOf(file), 'unclosed-front-matter', 'The front matter starts with "---" here but is never closed.', 'Add a line with only "---" after the last field, before the text of the item.');
    return null;
  }
  if (!isTranslation && reportStrayLanguageSuffix(file, key, languages, sink)) return null;
  const split = splitFrontMatter(file, source.text, sink);
  if (!split.frontMatter) {
    sink.error(startOf(file), 'no-front-matter', 'This file has no front matter.', 'Start the file with a "---" line, then title, date, summary and issuedBy, then another "---" line.');
    return null;
  }
  if (split.frontMatter.broken) return null;
  if (split.frontMatter.value === null) {
    sink.error(startOf(file), 'empty-front-matter', 'The front matter is empty.', 'Write title, date, summary and issuedBy between the two "---" lines, one "field: value" per line.');
    return null;
  }
  const context = { yaml: split.frontMatter, sink, missingFieldAt: startOf(file), documentName: 'front matter' };
  reportUnknownKeys(split.frontMatter, [], ITEM_KEYS, sink, 'the front matter');
  const data = isTranslation ? validateWithSchema(translationSchema, context) : validateWithSchema(itemSchema, context);
  if (!data) return null;
  const raw = split.frontMatter.value as Record<string, unknown>;
  return {
    source,
    key,
    lang,
    isTranslation,
    data: withOwnStrings(data),
    explicitKeys: new Set(Object.keys(raw)),
    yaml: split.frontMatter,
    body: split.body,
    bodyStartLine: split.bodyStartLine,
    bodyFacts: bodyFactsOf(source.text, split.body),
  };
}

/**
 * A copy of validated front matter (plain JSON data) whose strings are its
 * own. The YAML parser cuts each value out of the file's text, and V8 keeps a
 * whole string alive while any slice of it is: a term id kept in the model or
 * the parse cache would otherwise keep every item's full text for the whole
 * build (83 MB of the peak at N = 10,000).
 */
function withOwnStrings<T>(data: T): T {
  return JSON.parse(JSON.stringify(data)) as T;
}

/**
 * `news/2016-09-13-x.md` is the default language's item `news/2016-09-13-x`;
 * `news/2016-09-13-x.ru.md` is its Russian translation.
 */
export function identifyItemFile(
  relativePath: string,
  languages: readonly string[],
): { key: string; lang: string; isTranslation: boolean } {
  const withoutExtension = relativePath.replace(/\.md$/, '');
  const suffix = /\.([a-z]{2,3}(?:-[a-z0-9]+)*)$/i.exec(withoutExtension);
  const defaultLanguage = languages[0] ?? 'en';
  if (suffix?.[1] && languages.includes(suffix[1]) && suffix[1] !== defaultLanguage) {
    return { key: withoutExtension.slice(0, -suffix[0].length), lang: suffix[1], isTranslation: true };
  }
  return { key: withoutExtension, lang: defaultLanguage, isTranslation: false };
}

/**
 * `x.de.md` on a site without German, or `x.en.md` for the default language:
 * the suffix would otherwise end up in the slug and give a puzzling error.
 */
function reportStrayLanguageSuffix(file: string, key: string, languages: readonly string[], sink: DiagnosticSink): boolean {
  const suffix = /\.([a-z]{2,3})$/.exec(key)?.[1];
  if (suffix === undefined) return false;
  if (suffix === (languages[0] ?? 'en')) {
    const plain = `${key.slice(key.lastIndexOf('/') + 1, -suffix.length - 1)}.md`;
    sink.error(startOf(file), 'default-language-suffix', `"${suffix}" is the default language, whose files have no language suffix.`, `Rename the file to "${plain}".`);
  } else {
    sink.error(startOf(file), 'unknown-language', `The file name marks a "${suffix}" translation, but "${suffix}" is not a language of this site (site.yaml lists ${languages.join(', ')}).`, `Add "${suffix}" to "languages:" in site.yaml, or remove ".${suffix}" from the file name.`);
  }
  return true;
}

/** The default slug: the file name less a leading `YYYY-MM-DD-`. */
export function defaultSlug(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  return base.replace(/^\d{4}-\d{2}-\d{2}-/, '');
}
