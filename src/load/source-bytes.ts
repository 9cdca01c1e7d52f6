import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** A file's bytes as text: UTF-8 (throws when not), a leading byte-order mark removed, CRLF turned into LF. */
export function decodeSourceText(bytes: Uint8Array): string {
  return utf8.decode(bytes).replace(/\r\n?/g, '\n');
}

/** sha256 of a file's raw bytes, in hex: what a `SourceFile` records as its `hash`. */
export function hashSourceBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where an item's body is in its file, as the load stage read the file. */
export interface BodyInFile {
  readonly absolutePath: string;
  /** `hashSourceBytes` of the file as read. */
  readonly hash: string;
  /** Where the body starts in the decoded text (UTF-16 index). */
  readonly bodyStart: number;
}

/**
 * An item's body read again from its file; null when the file can no longer
 * be read or is not what the load stage read (it was saved again meanwhile).
 * The Markdown workers of a build read bodies themselves, so that the main
 * thread need not hold every item's text until a worker gets to it.
 */
export function rereadBody(location: BodyInFile): string | null {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(location.absolutePath);
  } catch {
    return null;
  }
  if (hashSourceBytes(bytes) !== location.hash) return null;
  return decodeSourceText(bytes).slice(location.bodyStart);
}
