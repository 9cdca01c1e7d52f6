import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PackedHtml, contentHash, unpacked } from '../../lib/render/packed-html.js';
import { PackedText } from '../../lib/cache/packed-text.js';

const navigation = `<nav>${Array.from({ length: 200 }, (_, i) => `<a href="/topics/term-${i}/">Term ${i} – “quoted”</a>`).join('\n')}</nav>`;
const page = `<!DOCTYPE html>\n<html lang="ru"><body>${navigation}<main><h1>Заголовок – ${'текст '.repeat(500)}</h1></main></body></html>`;
const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('packed pages', () => {
  it('unpack to the exact UTF-8 bytes of the page, with its hash known without unpacking', () => {
    for (const packed of [new PackedHtml(page, Buffer.from(navigation)), new PackedHtml(page), new PackedHtml(Buffer.from(page))]) {
      const bytes = unpacked(packed);
      expect(Buffer.from(bytes).equals(Buffer.from(page, 'utf8'))).toBe(true);
      expect(packed.byteLength).toBe(Buffer.byteLength(page));
      expect(contentHash(packed)).toBe(sha256(Buffer.from(page, 'utf8')));
    }
  });

  it('take a fraction of the page when its navigation is the dictionary', () => {
    const withDictionary = new PackedHtml(page, Buffer.from(navigation));
    const without = new PackedHtml(page);
    expect(withDictionary.packedByteLength).toBeLessThan(without.packedByteLength);
    expect(withDictionary.packedByteLength).toBeLessThan(withDictionary.byteLength / 8);
  });

  it('leave text and bytes as they are', () => {
    const bytes = Buffer.from('x');
    expect(unpacked('text')).toBe('text');
    expect(unpacked(bytes)).toBe(bytes);
    expect(contentHash('text')).toBe(sha256('text'));
  });
});

describe('packed text (a session’s bodies)', () => {
  it('gives back the very text, whatever its characters', () => {
    for (const text of ['', page, '<p>“Quoted” – dashed, Заголовок, 中文, emoji 🎉 and a lone \u00e9.</p>']) expect(new PackedText(text).text()).toBe(text);
  });
});
