import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { DiagnosticSink, SourcePosition } from '../diagnostics.js';
import { explainYamlError } from './yaml-errors.js';

export type YamlPath = readonly (string | number)[];

/** A parsed YAML text whose values can be traced back to their line and column. */
export interface LocatedYaml {
  /** The plain JavaScript value (YAML 1.2 core schema: `NO` and `2016-09-13` stay strings). */
  readonly value: unknown;
  /** Position of the value at `path`, or of its nearest existing ancestor. */
  locateValue(path: YamlPath): SourcePosition;
  /** Position of the key that holds `path` (falls back to the value's position). */
  locateKey(path: YamlPath): SourcePosition;
  /** Whether the YAML itself was broken (syntax errors were reported). */
  readonly broken: boolean;
}

export interface YamlSource {
  /** File path as shown to editors. */
  readonly file: string;
  readonly text: string;
  /** Lines before the YAML text starts in the file (1 for front matter after `---`). */
  readonly lineOffset: number;
}

/**
 * Parses YAML with the `yaml` package, keeping source ranges. Syntax errors,
 * duplicate keys and custom tags are reported to `sink` with their positions;
 * nothing is ever executed or thrown.
 */
export function parseLocatedYaml(source: YamlSource, sink: DiagnosticSink): LocatedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(source.text, {
    lineCounter,
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    keepSourceTokens: false,
  });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: source.file, line: line + source.lineOffset, column: col };
  };
  let broken = false;
  // Only the first syntax error is reported: the ones after it are nearly always its echo.
  const firstError = document.errors.filter((error) => error.code !== 'DUPLICATE_KEY').sort((a, b) => a.pos[0] - b.pos[0])[0];
  const duplicates = document.errors.filter((error) => error.code === 'DUPLICATE_KEY');
  if (document.errors.length > 0) broken = true;
  for (const error of duplicates) {
    const key = /^[^:\n]*/.exec(source.text.slice(error.pos[0]))?.[0]?.trim();
    sink.error(at(error.pos[0]), 'yaml-duplicate-key', key ? `"${key}" appears twice in the same block.` : 'This key appears twice in the same block.', 'Keep one of the two lines and delete the other.');
  }
  if (firstError) {
    const explained = explainYamlError(firstError.code, firstError.message, source.text, firstError.pos[0]);
    sink.error(at(explained.offset), 'yaml-syntax', explained.message, explained.hint);
  }
  for (const warning of document.warnings) {
    if (warning.code === 'TAG_RESOLVE_FAILED' || warning.message.includes('Unresolved tag')) {
      broken = true;
      sink.error(at(warning.pos[0]), 'yaml-tag', 'Custom YAML tags (values starting with "!") are not supported.', 'Remove the tag and write the value as plain text.');
    }
  }
  let value: unknown = null;
  if (!broken) {
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      broken = true;
      sink.error(at(0), 'yaml-syntax', `The YAML could not be read: ${error instanceof Error ? error.message : String(error)}.`, 'Simplify the anchors and aliases in this file.');
    }
  }

  const nodeAt = (path: YamlPath): { node: Node | null; keyNode: Node | null; depth: number } => {
    let current: unknown = document.contents;
    let keyNode: Node | null = null;
    let depth = 0;
    for (const segment of path) {
      if (isMap(current)) {
        const pair = current.items.find((p: Pair) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        keyNode = isScalar(pair.key) ? pair.key : null;
        current = pair.value;
      } else if (isSeq(current) && typeof segment === 'number') {
        const next = current.items[segment];
        if (next === undefined) break;
        keyNode = null;
        current = next;
      } else {
        break;
      }
      depth += 1;
    }
    const node = current && (isMap(current) || isSeq(current) || isScalar(current) || isPair(current)) ? (current as Node) : null;
    return { node, keyNode, depth };
  };
  const positionOf = (node: Node | null): SourcePosition => {
    const range = node?.range;
    return range ? at(range[0]) : at(0);
  };

  return {
    value,
    broken,
    locateValue(path) {
      const { node, keyNode, depth } = nodeAt(path);
      if (depth < path.length) return positionOf(node ?? keyNode);
      // An empty value (`title:`) has no range of its own: point at its key.
      if (!node || (isScalar(node) && node.value === null && keyNode)) return positionOf(keyNode ?? node);
      return positionOf(node);
    },
    locateKey(path) {
      const { node, keyNode, depth } = nodeAt(path);
      if (depth === path.length && keyNode) return positionOf(keyNode);
      return positionOf(node);
    },
  };
}
