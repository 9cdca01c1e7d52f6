import { startOf, type DiagnosticSink, type SourcePosition } from '../diagnostics.js';
import type { BodyFacts } from '../parse/body-facts.js';
import type { ParsedItem } from '../parse/item.js';

/**
 * Deepest nesting of block quotes and lists a body may have. remark-parse
 * slows down sharply and mdast-util-to-hast / hast-util-to-html recurse once
 * per level, so thousands of levels would hang the build or overflow the
 * stack; no real article comes near a hundred.
 */
export const MAX_BLOCK_NESTING = 100;

/** One block-container marker at the start of what remains of a line: `>` (space optional), or `-`, `*`, `+`, `1.`, `1)` and a space. */
const CONTAINER_MARKER = /^[ \t]{0,3}(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))/;

/** Characters a line must start with to nest anything: a space, a tab, `>`, `-`, `*`, `+` or a digit. */
const MAY_NEST = /^[ \t>*+\-0-9]/;

/**
 * The deepest block nesting in `markdown` and the 1-based line where it is
 * reached. Leading whitespace counts one level per two columns, as an
 * indented list needs at least that much per level; this over-estimates
 * indented code, which is harmless at this limit. Every body of every build
 * is measured, so lines are found without splitting the text, and a line
 * that cannot nest (most lines of prose) is passed over at its first character.
 */
export function measureBlockNesting(markdown: string): { depth: number; line: number } {
  let deepest = { depth: 0, line: 1 };
  let line = 0;
  for (let start = 0; ; ) {
    const newline = markdown.indexOf('\n', start);
    const end = newline < 0 ? markdown.length : newline;
    line += 1;
    if (end > start && MAY_NEST.test(markdown[start] as string)) {
      const depth = lineNesting(markdown.slice(start, end));
      if (depth > deepest.depth) deepest = { depth, line };
      if (depth > MAX_BLOCK_NESTING) break;
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  return deepest;
}

/** The nesting one line opens: its indentation (a level per two columns), then one level per container marker. */
function lineNesting(text: string): number {
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  let depth = Math.floor(indent.replace(/\t/g, '    ').length / 2);
  let rest = text.slice(indent.length);
  for (let match = CONTAINER_MARKER.exec(rest); match && match[0].length > 0; match = CONTAINER_MARKER.exec(rest)) {
    depth += 1;
    rest = rest.slice(match[0].length);
    if (depth > MAX_BLOCK_NESTING) break;
  }
  return depth;
}

/** Where an item's body is, for its diagnostics, and what is known of it (see `BodyFacts`): not the body itself. */
export interface GuardedBody {
  /** Path shown in diagnostics. */
  readonly displayPath: string;
  /** File line on which the body starts. */
  readonly bodyStartLine: number;
  readonly facts: BodyFacts;
}

export function guardedBodyOf(item: ParsedItem): GuardedBody {
  return { displayPath: item.source.displayPath, bodyStartLine: item.bodyStartLine, facts: item.bodyFacts };
}

/** Reports a body nested deeper than `MAX_BLOCK_NESTING`, before any parser sees it; true when it was. */
export function reportTooDeeplyNested(body: GuardedBody, sink: DiagnosticSink): boolean {
  const { nesting } = body.facts;
  if (nesting.depth <= MAX_BLOCK_NESTING) return false;
  sink.error(
    { file: body.displayPath, line: body.bodyStartLine + nesting.line - 1, column: 1 },
    'nesting-too-deep',
    `Quotes or lists here are nested more than ${MAX_BLOCK_NESTING} levels deep.`,
    'Flatten the nesting: no article needs that many levels.',
  );
  return true;
}

/**
 * Where a body that cannot be rendered is reported: its first line of text.
 * Known before rendering (see `BodyFacts`), so that whoever waits for the
 * body need not keep its text.
 */
export function tooComplexAt(body: GuardedBody): SourcePosition {
  return { file: body.displayPath, line: body.bodyStartLine + body.facts.linesBeforeText, column: 1 };
}

/** Reports a body that could not be rendered because of its shape, at `tooComplexAt`. */
export function reportTooComplex(at: SourcePosition, sink: DiagnosticSink): void {
  sink.error(
    at,
    'body-too-complex',
    'The text of this item is nested too deeply to render (for example thousands of nested emphasis marks or HTML tags).',
    'Simplify the markup of the text.',
  );
}

/** Reports an item whose file was saved again while the build ran (its body no longer matches its front matter). */
export function reportSourceChanged(file: string, sink: DiagnosticSink): void {
  sink.error(
    startOf(file),
    'source-changed',
    'This file changed while the site was being built, so the build could not use it.',
    'Build again once the file is saved; nothing was published from this build.',
  );
}
