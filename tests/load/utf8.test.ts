import { describe, expect, it } from 'vitest';
import { findInvalidUtf8, positionOfByte } from '../../src/load/utf8.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('findInvalidUtf8', () => {
  it('accepts ASCII and multi-byte characters', () => {
    expect(findInvalidUtf8(new TextEncoder().encode('Türkiye – ОБСЕ 🇺🇦'))).toBe(-1);
  });

  it('finds a Latin-1 byte, a cut-off sequence, an overlong form and a surrogate', () => {
    expect(findInvalidUtf8(bytes(0x43, 0x61, 0x66, 0xe9))).toBe(3);
    expect(findInvalidUtf8(bytes(0x41, 0xe2, 0x80))).toBe(1);
    expect(findInvalidUtf8(bytes(0xc0, 0xaf))).toBe(0);
    expect(findInvalidUtf8(bytes(0xe0, 0x80, 0xaf))).toBe(0);
    expect(findInvalidUtf8(bytes(0x41, 0xed, 0xa0, 0x80))).toBe(1);
  });

  it('agrees with TextDecoder on whether a buffer is valid', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let first = 0x80; first <= 0xff; first += 1) {
      for (const second of [0x00, 0x80, 0x9f, 0xa0, 0xbf, 0xc0]) {
        const buffer = bytes(first, second, 0x80, 0x80);
        let valid = true;
        try {
          decoder.decode(buffer);
        } catch {
          valid = false;
        }
        expect(findInvalidUtf8(buffer) === -1, `${first.toString(16)} ${second.toString(16)}`).toBe(valid);
      }
    }
  });
});

describe('positionOfByte', () => {
  it('counts lines and characters before the byte, ignoring a byte-order mark', () => {
    const text = bytes(0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a\r\nTü: '), 0xe9);
    expect(positionOfByte(text, text.length - 1)).toEqual({ line: 2, column: 5 });
  });
});
