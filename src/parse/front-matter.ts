import matter from 'gray-matter';
import type { DiagnosticSink } from '../diagnostics.js';
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
 * opening `---` as line 1.
 */
export function splitFrontMatter(file: string, text: string, sink: DiagnosticSink): SplitDocument {
  let located: LocatedYaml | null = null;
  const engine = (yamlText: string): object => {
    // gray-matter hands over the block with the newline after the opening `---`, so its (1-based) first
    // line already stands for the `---` line: adding 1 more put every front-matter position a line too low.
    located = parseLocatedYaml({ file, text: yamlText, lineOffset: yamlText.startsWith('\n') ? 0 : 1 }, sink);
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
