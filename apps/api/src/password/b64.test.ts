import { describe, expect, it } from 'vitest';
import { decodeB64, encodeB64 } from './b64.ts';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('PHC B64', () => {
  // RFC 4648 §10's vectors with the padding taken off, as the PHC string format writes them.
  it.each([
    ['', ''],
    ['f', 'Zg'],
    ['fo', 'Zm8'],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg'],
    ['fooba', 'Zm9vYmE'],
    ['foobar', 'Zm9vYmFy'],
  ])('encodes %j as %j and decodes it back', (text, encoded) => {
    expect(encodeB64(ascii(text))).toBe(encoded);
    expect(decodeB64(encoded)).toEqual(ascii(text));
  });

  it('uses the standard alphabet, with + and /', () => {
    expect(encodeB64(new Uint8Array([0xfb, 0xff]))).toBe('+/8');
    expect(decodeB64('+/8')).toEqual(new Uint8Array([0xfb, 0xff]));
  });

  it('round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeB64(encodeB64(bytes))).toEqual(bytes);
  });

  it.each([
    ['padding', 'Zg=='],
    ['a length of 1 mod 4', 'Zm9vY'],
    ['the URL-safe alphabet', '-_8'],
    ['whitespace', 'Zm9v '],
    ['a line break', 'Zm9v\n'],
    ['non-zero trailing bits (Zh is not the canonical Zg)', 'Zh'],
  ])('rejects %s', (_, text) => {
    expect(decodeB64(text)).toBeNull();
  });
});
