import { startOf, type DiagnosticSink } from '../diagnostics.js';
import type { SourceFile } from '../load/read-sources.js';
import { reportNotUtf8 } from './not-utf8.js';
import { TERM_ID_PATTERN, TERM_KEYS, VOCABULARY_KEYS, vocabularySchema, type TermInput, type VocabularyInput } from './schemas.js';
import { reportUnknownKeys, validateWithSchema } from './validate.js';
import { parseLocatedYaml, type LocatedYaml, type YamlPath } from './yaml-document.js';

/** A term as written, with where it was written and its parent from nesting or `parent:`. */
export interface FlatTerm {
  readonly input: TermInput;
  readonly path: YamlPath;
  readonly parentId: string | undefined;
  /** Whether the parent came from nesting under `children:` (true) or from `parent:`. */
  readonly nested: boolean;
}

export interface ParsedVocabulary {
  /** The file name less `.yaml`: also its URL segment. */
  readonly id: string;
  readonly source: SourceFile;
  readonly data: VocabularyInput;
  readonly terms: FlatTerm[];
  readonly yaml: LocatedYaml;
}

/** Parses one taxonomy file (`content/taxonomies/<id>.yaml`). */
export function parseVocabularyFile(source: SourceFile, sink: DiagnosticSink): ParsedVocabulary | null {
  const file = source.displayPath;
  const id = source.relativePath.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  if (source.text === null) {
    reportNotUtf8(source, sink);
    return null;
  }
  if (!TERM_ID_PATTERN.test(id)) {
    sink.error(startOf(file), 'vocabulary-file-name', `The file name "${id}" cannot be used as a web address.`, 'Rename the file with lowercase letters, digits and hyphens, e.g. fields-of-work.yaml.');
    return null;
  }
  if (source.text.trim() === '') {
    sink.error(startOf(file), 'empty-file', 'This taxonomy file is empty.', 'Give it a "title:" and a "terms:" list, or delete it.');
    return null;
  }
  const yaml = parseLocatedYaml({ file, text: source.text, lineOffset: 0 }, sink);
  if (yaml.broken) return null;
  reportUnknownKeys(yaml, [], VOCABULARY_KEYS, sink, 'the taxonomy file');
  const data = validateWithSchema(vocabularySchema, { yaml, sink, missingFieldAt: startOf(file), documentName: 'taxonomy file' });
  if (!data) return null;
  const terms: FlatTerm[] = [];
  const walk = (list: readonly TermInput[], basePath: YamlPath, nestedParent: string | undefined): void => {
    list.forEach((input, index) => {
      const path = [...basePath, index];
      reportUnknownKeys(yaml, path, TERM_KEYS, sink, `term "${input.id}"`);
      if (nestedParent !== undefined && input.parent !== undefined && input.parent !== nestedParent) {
        sink.error(yaml.locateValue([...path, 'parent']), 'conflicting-parent', `Term "${input.id}" is nested under "${nestedParent}" but names "${input.parent}" as its parent.`, 'Keep one of the two: nest it under children:, or give parent:.');
      }
      terms.push({ input, path, parentId: nestedParent ?? input.parent, nested: nestedParent !== undefined });
      if (input.children) walk(input.children, [...path, 'children'], input.id);
    });
  };
  walk(data.terms, ['terms'], undefined);
  return { id, source, data, terms, yaml };
}
