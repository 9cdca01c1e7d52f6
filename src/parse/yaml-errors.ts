/**
 * Plain-language explanations of the `yaml` package's syntax errors, for
 * editors who do not know YAML's vocabulary ("implicit key", "flow sequence").
 */
export interface ExplainedYamlError {
  /** Offset in the YAML text the diagnostic should point at. */
  readonly offset: number;
  readonly message: string;
  readonly hint: string;
}

const GENERIC_HINT = 'Check the indentation and that values containing ": " or starting with a quote, "[" or "{" are quoted.';

/**
 * Explains one syntax error. `code` and `message` come from a `YAMLError`;
 * `offset` is its start offset in `text`.
 */
export function explainYamlError(code: string, message: string, text: string, offset: number): ExplainedYamlError {
  const plain = (message.split('\n')[0] ?? message).replace(/\s+at line \d+, column \d+:?$/, '').replace(/\.$/, '');
  if (code === 'MISSING_CHAR' && /quote$/.test(plain)) {
    const quote = plain.includes("'") ? "'" : '"';
    // The error sits where the text ends; the editor needs the line where the quote was opened.
    const opened = findUnclosedQuote(text, quote, offset);
    return {
      offset: opened ?? offset,
      message: `This value opens a ${quote} quote that is never closed.`,
      hint: `Add the closing ${quote} at the end of the value${quote === "'" ? " (write an apostrophe inside it as '')" : ' (write a " inside it as \\")'}.`,
    };
  }
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY') {
    return {
      offset,
      message: 'This value contains ": ", or the next line is indented as if it belonged to this one.',
      hint: 'Put the whole value in quotes (title: "OSCE: a new start"), and start every field at the beginning of its line.',
    };
  }
  if (code === 'TAB_AS_INDENT') {
    return { offset, message: 'This line is indented with a tab.', hint: 'Indent with spaces only.' };
  }
  if (code === 'BAD_INDENT' && /Flow (?:sequence|mapping)/.test(plain)) {
    return { offset, message: 'A list or mapping opened with "[" or "{" is not closed before this line.', hint: 'Close it with "]" or "}" on the same line, e.g. fieldsOfWork: [policing, elections].' };
  }
  if (code === 'BAD_INDENT' || /same column|indicator/.test(plain)) {
    return { offset, message: `The indentation here does not line up with the lines around it (${plain}).`, hint: 'Indent the items of one list, and the fields of one term, by the same number of spaces.' };
  }
  return { offset, message: `The YAML here is broken: ${plain}.`, hint: GENERIC_HINT };
}

/** Offset of the opening quote of the last value before `before` that starts with `quote` and does not close on its line. */
function findUnclosedQuote(text: string, quote: string, before: number): number | null {
  let found: number | null = null;
  let lineStart = 0;
  for (const line of text.slice(0, before).split('\n')) {
    const match = new RegExp(`^(\\s*(?:-\\s+)?(?:[^\\s:#][^:#]*:\\s+)?)${quote}`).exec(line);
    if (match) {
      const rest = line.slice((match[1] ?? '').length + 1);
      const closed = quote === "'" ? /(?:^|[^'])'(?:'')*\s*(?:#.*)?$/.test(rest.replace(/''/g, '')) : /(?:^|[^\\])"\s*(?:#.*)?$/.test(rest);
      if (!closed) {
        found = lineStart + (match[1] ?? '').length;
        break;
      }
    }
    lineStart += line.length + 1;
  }
  return found;
}
