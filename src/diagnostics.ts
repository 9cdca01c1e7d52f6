/**
 * Diagnostics are for editors: every problem carries the file, the 1-based
 * line and column, a stable rule id, a severity, what is wrong and what to do.
 */
export type Severity = 'error' | 'warning';

export interface SourcePosition {
  /** File path as shown to the editor (relative to the working directory). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

export interface Diagnostic extends SourcePosition {
  readonly severity: Severity;
  /** Stable rule id, e.g. `unknown-term`. */
  readonly rule: string;
  /** What is wrong, in plain language. */
  readonly message: string;
  /** What to do about it, e.g. `Did you mean "policing"?`. */
  readonly hint?: string;
}

/** Collects diagnostics for one run; never throws. */
export interface DiagnosticSink {
  readonly list: Diagnostic[];
  report(diagnostic: Diagnostic): void;
  error(at: SourcePosition, rule: string, message: string, hint?: string): void;
  warning(at: SourcePosition, rule: string, message: string, hint?: string): void;
}

export function createDiagnosticSink(): DiagnosticSink {
  const list: Diagnostic[] = [];
  const add = (severity: Severity, at: SourcePosition, rule: string, message: string, hint?: string): void => {
    list.push({ file: at.file, line: at.line, column: at.column, severity, rule, message, ...(hint ? { hint } : {}) });
  };
  return {
    list,
    report: (diagnostic) => list.push(diagnostic),
    error: (at, rule, message, hint) => add('error', at, rule, message, hint),
    warning: (at, rule, message, hint) => add('warning', at, rule, message, hint),
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts by file, line, column, then message, so output is stable whatever the discovery order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareStrings(a.message, b.message),
  );
}

/** Locale-independent string order (code units), used wherever output order must be deterministic. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `path:line:col: error: message hint [rule]` */
export function formatDiagnostic(d: Diagnostic): string {
  const text = d.hint ? `${d.message} ${d.hint}` : d.message;
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${text} [${d.rule}]`;
}

/** GitHub Actions workflow command, so a problem shows on the pull request's diff. */
export function formatGithubAnnotation(d: Diagnostic): string {
  const text = d.hint ? `${d.message} ${d.hint}` : d.message;
  const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return `::${d.severity} file=${escapeProperty(d.file)},line=${d.line},col=${d.column},title=${escapeProperty(d.rule)}::${escapeData(text)}`;
}

export function summarizeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** Position of a whole file, for problems that have no better place. */
export function startOf(file: string): SourcePosition {
  return { file, line: 1, column: 1 };
}
