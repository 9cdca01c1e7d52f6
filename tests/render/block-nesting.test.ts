import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BLOCK_NESTING, measureBlockNesting } from '../../lib/render/body-guard.js';

const CONTAINER_MARKER = /^[ \t]{0,3}(?:>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))/;

/** The measure as first written, line by line over the split text: the definition the fast scan must agree with. */
function measuredBySplitting(markdown: string): { depth: number; line: number } {
  let deepest = { depth: 0, line: 1 };
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    let rest = lines[index] ?? '';
    const indent = /^[ \t]*/.exec(rest)?.[0] ?? '';
    let depth = Math.floor(indent.replace(/\t/g, '    ').length / 2);
    rest = rest.slice(indent.length);
    for (let match = CONTAINER_MARKER.exec(rest); match && match[0].length > 0; match = CONTAINER_MARKER.exec(rest)) {
      depth += 1;
      rest = rest.slice(match[0].length);
      if (depth > MAX_BLOCK_NESTING) break;
    }
    if (depth > deepest.depth) deepest = { depth, line: index + 1 };
    if (depth > MAX_BLOCK_NESTING) break;
  }
  return deepest;
}

const pieces = ['>', '> ', '- ', '* ', '+ ', '1. ', '12) ', '  ', '\t', ' ', 'text', '-', '1.', '\n', '\n', '\n', '*emphasis*', '#', '```'];

describe('block nesting', () => {
  it('is measured as line-by-line splitting measures it, on any mix of markers, indentation and text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), (parts) => {
        const markdown = parts.join('');
        expect(measureBlockNesting(markdown)).toEqual(measuredBySplitting(markdown));
      }),
      { seed: 20261205, numRuns: 3000 },
    );
  });

  it('finds the line of the deepest nesting past the limit', () => {
    const markdown = `Intro.\n\n- one\n  - two\n\n${'> '.repeat(MAX_BLOCK_NESTING + 5)}deep\n\nAfter.`;
    expect(measureBlockNesting(markdown)).toEqual({ depth: MAX_BLOCK_NESTING + 1, line: 6 });
  });
});
