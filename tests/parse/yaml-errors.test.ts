import { describe, expect, it } from 'vitest';
import { createDiagnosticSink, formatDiagnostic } from '../../src/diagnostics.js';
import { parseLocatedYaml } from '../../src/parse/yaml-document.js';

/** Parses `text` as a file `f.yaml` and returns the formatted diagnostics. */
function problems(text: string): string[] {
  const sink = createDiagnosticSink();
  parseLocatedYaml({ file: 'f.yaml', text, lineOffset: 0 }, sink);
  return sink.list.map(formatDiagnostic);
}

describe('YAML syntax errors in plain words', () => {
  it('points an unclosed double quote at the line where it opens', () => {
    expect(problems('title: ok\nsummary: "never closed\ndate: 2016-09-13\n')).toEqual([
      'f.yaml:2:10: error: This value opens a " quote that is never closed. Add the closing " at the end of the value (write a " inside it as \\"). [yaml-syntax]',
    ]);
  });

  it('points an unclosed single quote at the line where it opens, past closed ones and doubled apostrophes', () => {
    expect(problems("a: 'closed'\nb: 'it''s fine'\nc: 'open\nd: x\n")).toEqual([
      "f.yaml:3:4: error: This value opens a ' quote that is never closed. Add the closing ' at the end of the value (write an apostrophe inside it as ''). [yaml-syntax]",
    ]);
  });

  it('explains a ": " inside an unquoted value', () => {
    expect(problems('title: OSCE: a new start\n')).toEqual([
      'f.yaml:1:8: error: This value contains ": ", or the next line is indented as if it belonged to this one. Put the whole value in quotes (title: "OSCE: a new start"), and start every field at the beginning of its line. [yaml-syntax]',
    ]);
  });

  it('explains a tab used for indentation', () => {
    expect(problems('terms:\n\t- id: x\n')[0]).toMatch(/^f\.yaml:2:1: error: This line is indented with a tab\. Indent with spaces only\. \[yaml-syntax\]$/);
  });

  it('explains an unclosed [ list', () => {
    expect(problems('fieldsOfWork: [policing, elections\ntitle: x\n')).toEqual([
      'f.yaml:2:1: error: A list or mapping opened with "[" or "{" is not closed before this line. Close it with "]" or "}" on the same line, e.g. fieldsOfWork: [policing, elections]. [yaml-syntax]',
    ]);
  });

  it('names a duplicated key at its second occurrence', () => {
    expect(problems('title: a\ndate: 2016-09-13\ntitle: b\n')).toEqual([
      'f.yaml:3:1: error: "title" appears twice in the same block. Keep one of the two lines and delete the other. [yaml-duplicate-key]',
    ]);
  });

  it('rejects custom tags', () => {
    expect(problems('title: !danger x\n')).toEqual([
      'f.yaml:1:8: error: Custom YAML tags (values starting with "!") are not supported. Remove the tag and write the value as plain text. [yaml-tag]',
    ]);
  });
});
