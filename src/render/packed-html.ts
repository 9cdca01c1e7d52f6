import { hashContent } from '../cache/output-manifest.js';
import { pack, unpack } from '../cache/packed-text.js';

/**
 * A page's HTML (or a feed's XML) kept deflated, for a long-lived session that
 * holds every file of the site between builds (the dev server serves them
 * from memory). At
 * N = 10,000 items the pages are about 470 MB as bytes; deflated with their
 * language's navigation as the preset dictionary (the navigation is a third
 * of every page) they take about an eighth of that, and a page costs about
 * 0.2 ms to pack and to unpack.
 *
 * A packed page is immutable: a session hands the same object on while the
 * page is unchanged, so whoever compares content by identity (the in-place
 * writer) still sees it as the same.
 */
export class PackedHtml {
  /**
   * The deflated bytes as a Latin-1 string, one character per byte: a string
   * is one object on V8's heap, where a `Uint8Array` per page is an external
   * buffer that every garbage collection must track (a session holds
   * thousands; an edit's rebuild was measurably slower with them).
   */
  readonly #packed: string;
  readonly #dictionary: Uint8Array | undefined;
  /** The length of the page as UTF-8 bytes. */
  readonly byteLength: number;
  /** The sha256 (hex) of the page's bytes, so that comparing a page with what was written needs no unpacking. */
  readonly sha256: string;

  constructor(html: string | Uint8Array, dictionary?: Uint8Array) {
    const bytes = typeof html === 'string' ? Buffer.from(html, 'utf8') : html;
    this.byteLength = bytes.byteLength;
    this.sha256 = hashContent(bytes);
    this.#dictionary = dictionary && dictionary.byteLength > 0 ? dictionary : undefined;
    this.#packed = pack(bytes, this.#dictionary);
  }

  /** What the page takes packed, in bytes. */
  get packedByteLength(): number {
    return this.#packed.length;
  }

  /** The page's bytes (a new copy at each call). */
  bytes(): Uint8Array {
    return unpack(this.#packed, this.#dictionary);
  }
}

/** What an output file holds: text, bytes, or a packed page. */
export type FileContent = string | Uint8Array | PackedHtml;

/** The sha256 (hex) of the content's bytes (a packed page's is known). */
export function contentHash(content: FileContent): string {
  return content instanceof PackedHtml ? content.sha256 : hashContent(content);
}

/** The content as text or bytes, unpacking a packed page. */
export function unpacked(content: FileContent): string | Uint8Array {
  return content instanceof PackedHtml ? content.bytes() : content;
}
