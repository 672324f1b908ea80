const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The PHC string format's B64: standard base64 (RFC 4648 §4) without `=` padding. */
export function encodeB64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const rest = bytes.length - i;
    const group = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    // One byte gives 2 characters, two give 3, three give 4: the padding is not written.
    const chars = rest >= 3 ? 4 : rest + 1;
    for (let c = 0; c < chars; c++) out += ALPHABET.charAt((group >> (18 - 6 * c)) & 63);
  }
  return out;
}

/**
 * Decodes PHC B64, or null unless `text` is the one canonical encoding of some bytes: no padding,
 * no whitespace, no other alphabet, and zero trailing bits (the spec lets consumers reject non-zero
 * ones; we do, so that one stored hash has exactly one spelling).
 */
export function decodeB64(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (let i = 0; i < text.length; i++) {
    const value = ALPHABET.indexOf(text.charAt(i));
    if (value < 0) return null;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[written++] = (buffer >> bits) & 0xff;
    }
    buffer &= (1 << bits) - 1;
  }
  return buffer === 0 ? out : null;
}
