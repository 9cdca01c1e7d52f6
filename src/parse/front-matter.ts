import matter from 'gray-matter';
import { createDiagnosticSink, type DiagnosticSink } from '../diagnostics.js';
import { parseLocatedYaml, type LocatedYaml } from './yaml-document.js';

export interface SplitDocument {
  /** Located front matter, or null when the file has none. */
  readonly frontMatter: LocatedYaml | null;
  readonly body: string;
  /** 1-based line of the body's first line in the file. */
  readonly bodyStartLine: number;
}

/**
 * Splits a Markdown file with gray-matter, parsing the front matter with the
 * `yaml` package so every value keeps its position. Line numbers count the
 * opening `---` as line 1: gray-matter hands the engine the text right after
 * `---`, newline included, so the YAML's own line 1 is the file's line 1.
 */
export function splitFrontMatter(file: string, text: string, sink: DiagnosticSink): SplitDocument {
  let located: LocatedYaml | null = null;
  const engine = (yamlText: string): object => {
    // gray-matter hands over the block with the newline that ends the opening `---`, so the
    // YAML's line 1 is then that line itself; otherwise line 1 is the line after it.
    located = parseLocatedYaml({ file, text: yamlText, lineOffset: /^\r?\n/.test(yamlText) ? 0 : 1 }, sink);
    const value = located.value;
    return value !== null && typeof value === 'object' ? (value as object) : {};
  };
  // Passing an options object also switches off gray-matter's cache, which would share `data` between equal files.
  const parsed = matter(text, { engines: { yaml: { parse: engine, stringify: () => '' } }, language: 'yaml' });
  const hasFrontMatter = /^---[ \t]*\n/.test(text);
  if (hasFrontMatter && located === null) {
    // An empty block (`---\n---`): gray-matter does not call the engine.
    located = parseLocatedYaml({ file, text: '', lineOffset: 1 }, sink);
  }
  const bodyStartLine = text.slice(0, text.length - parsed.content.length).split('\n').length;
  return { frontMatter: hasFrontMatter ? located : null, body: parsed.content, bodyStartLine };
}

/**
 * The file's front matter with positions, parsed the first time something
 * asks for it (only a problem to report does): for a file that parsed
 * cleanly before, with these bytes, so parsing it again reports nothing.
 * Keeping every item's YAML tree instead costs about 3 KB an item. `text`
 * may be a function that reads it, when the text is not kept.
 */
export function frontMatterOnDemand(file: string, text: string | (() => string)): LocatedYaml {
  let located: LocatedYaml | null = null;
  const parse = (): LocatedYaml => {
    located ??= splitFrontMatter(file, typeof text === 'string' ? text : text(), createDiagnosticSink()).frontMatter ?? parseLocatedYaml({ file, text: '', lineOffset: 1 }, createDiagnosticSink());
    return located;
  };
  return {
    get value() {
      return parse().value;
    },
    locateValue: (at) => parse().locateValue(at),
    locateKey: (at) => parse().locateKey(at),
    broken: false,
  };
}
