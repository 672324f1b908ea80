import * as z from 'zod';

/**
 * What a name or title may not contain. Controls (C0 with NUL, tab, CR and LF; DEL; C1) and the
 * line and paragraph separators U+2028/U+2029 break a line — in an email subject a CR/LF starts a
 * new header; the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) make text
 * read in another order than it is stored ("Trojan Source"); a lone surrogate is not text at all.
 * Letters of every script, emoji and their joiners stay allowed.
 */
const NOT_SINGLE_LINE_TEXT = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\p{Cs}]/u;

/**
 * Whether `text` is one line of printable text (see NOT_SINGLE_LINE_TEXT for what is refused).
 *
 * @example
 * isSingleLineText('Zoë’s team 🚀') // true
 * isSingleLineText('Acme\r\nBcc: victim@example.com') // false
 */
export function isSingleLineText(text: string): boolean {
  return !NOT_SINGLE_LINE_TEXT.test(text);
}

const NOT_SINGLE_LINE_TEXT_RUNS = new RegExp(`${NOT_SINGLE_LINE_TEXT.source}+`, 'gu');

/**
 * `text` made single-line: every run of refused characters becomes one space. For places that
 * must not break whatever text they get, such as an email subject built from a name stored before
 * names were checked.
 *
 * @example
 * toSingleLine('Acme\r\nBcc: victim@example.com') // 'Acme Bcc: victim@example.com'
 */
export function toSingleLine(text: string): string {
  return text.replace(NOT_SINGLE_LINE_TEXT_RUNS, ' ');
}

/**
 * A string schema for a name or title: refuses anything but one line of printable text, before
 * trimming (trimming would quietly drop a trailing CR/LF and let the rest through). Chain the
 * field's own `.trim().min().max()` after it.
 *
 * @example
 * const title = singleLineString('Title must be a string').trim().min(1).max(200);
 * title.safeParse('Hello\u0000').success // false
 */
export function singleLineString(typeMessage: string): z.ZodString {
  return z.string({ error: typeMessage }).refine(isSingleLineText, {
    error: 'Use a single line of text, without control, line-break or text-direction characters',
    abort: true,
  });
}
