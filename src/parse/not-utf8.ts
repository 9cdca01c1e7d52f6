import type { DiagnosticSink } from '../diagnostics.js';
import { invalidUtf8Position, type SourceFile } from '../load/read-sources.js';

/** The one message for a file that is not UTF-8, at its first bad character. */
export function reportNotUtf8(source: SourceFile, sink: DiagnosticSink): void {
  sink.error(
    invalidUtf8Position(source),
    'not-utf8',
    'This file is not valid UTF-8 text: the character here is in another encoding (often Windows-1252 or Latin-1).',
    'Save the file again as UTF-8 (in most editors: "Save with encoding" → UTF-8) and check the character.',
  );
}
