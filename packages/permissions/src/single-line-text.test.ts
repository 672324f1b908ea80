import { describe, expect, it } from 'vitest';
import { isSingleLineText, singleLineString, toSingleLine } from './single-line-text.ts';

describe('isSingleLineText', () => {
  it.each([
    ['Acme', 'plain'],
    ['Zoë’s Café — Ünïcødé', 'accents and punctuation'],
    ['שלום עולם', 'right-to-left letters'],
    ['Team 👩‍👩‍👧 🚀', 'emoji with zero-width joiners'],
    ['名前', 'CJK'],
  ])('accepts %j (%s)', (text) => {
    expect(isSingleLineText(text)).toBe(true);
  });

  it.each([
    ['\u0000', 'NUL'],
    ['\t', 'tab'],
    ['\n', 'LF'],
    ['\r', 'CR'],
    ['\u001B', 'ESC'],
    ['\u007F', 'DEL'],
    ['\u0085', 'NEL (C1)'],
    ['\u009B', 'CSI (C1)'],
    ['\u2028', 'line separator'],
    ['\u2029', 'paragraph separator'],
    ['\u202E', 'right-to-left override'],
    ['\u202A', 'left-to-right embedding'],
    ['\u2066', 'left-to-right isolate'],
    ['\u2069', 'pop directional isolate'],
    ['\uD800', 'lone surrogate'],
  ])('refuses %j (%s) anywhere in the text', (char) => {
    for (const text of [`${char}Acme`, `Ac${char}me`, `Acme${char}`]) expect(isSingleLineText(text)).toBe(false);
  });
});

describe('singleLineString', () => {
  it('refuses before trimming, so a trailing CR/LF is not quietly dropped', () => {
    const title = singleLineString('Title must be a string').trim().min(1).max(200);
    expect(title.safeParse('Hello\r\n').success).toBe(false);
    expect(title.parse('  Hello  ')).toBe('Hello');
    expect(title.safeParse(42).error?.issues[0]?.message).toBe('Title must be a string');
  });
});

describe('toSingleLine', () => {
  it('turns every run of refused characters into one space and leaves the rest', () => {
    expect(toSingleLine('Acme\r\nBcc: victim@example.com')).toBe('Acme Bcc: victim@example.com');
    expect(toSingleLine('a\u0000\u202Eb\u2028c')).toBe('a b c');
    expect(toSingleLine('Zoë’s team 👩‍👩‍👧')).toBe('Zoë’s team 👩‍👩‍👧');
  });
});
