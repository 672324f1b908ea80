import type { Argon2idParams } from './argon2id-params.ts';
import { decodeB64, encodeB64 } from './b64.ts';

/** The fields of an argon2id PHC hash string. */
export interface Argon2idPhc {
  params: Argon2idParams;
  salt: Uint8Array;
  hash: Uint8Array;
}

// Exactly what `formatArgon2idPhc` writes: version 19 spelled out, m,t,p in that order, decimals
// without leading zeros, no optional keyid/data. Salt 8..48 bytes (11..64 B64 characters) and hash
// 12..64 bytes (16..86 characters) are the PHC spec's Argon2 ranges. JS `$` does not match before a
// trailing newline, so nothing may follow the hash.
const PHC =
  /^\$argon2id\$v=19\$m=(0|[1-9]\d{0,9}),t=(0|[1-9]\d{0,9}),p=(0|[1-9]\d{0,2})\$([^$]{11,64})\$([^$]{16,86})$/;

/** The PHC string format's encoding of an argon2id hash. */
export function formatArgon2idPhc({ params, salt, hash }: Argon2idPhc): string {
  const { memoryKiB: m, iterations: t, parallelism: p } = params;
  return `$argon2id$v=19$m=${m},t=${t},p=${p}$${encodeB64(salt)}$${encodeB64(hash)}`;
}

/**
 * Reads back what `formatArgon2idPhc` wrote, or null for anything else. The parameters are only
 * syntactically checked here: whether they are safe to compute with is `argon2idParamsProblem`'s call.
 */
export function parseArgon2idPhc(text: string): Argon2idPhc | null {
  const match = PHC.exec(text);
  if (!match) return null;
  const [, m, t, p, saltB64, hashB64] = match;
  const salt = decodeB64(saltB64 ?? '');
  const hash = decodeB64(hashB64 ?? '');
  if (!salt || !hash) return null;
  return { params: { memoryKiB: Number(m), iterations: Number(t), parallelism: Number(p) }, salt, hash };
}
