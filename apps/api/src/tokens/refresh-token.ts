import { base64url } from 'jose';

/**
 * Refresh tokens are `<userId>.<sessionId>.<generation>.<tag>`, where tag is
 * HMAC-SHA256(REFRESH_TOKEN_SECRET, "refresh|user|session|generation"). Redis keeps only the
 * session's current generation, never a token. Because only the server can compute the tag, a
 * token with a valid tag and an old generation is proof of reuse of a token we really issued,
 * while a bad tag is a forgery — which must not let anyone who merely knows a session id log the
 * user out. The tag carries 256 bits the client cannot predict.
 */
export interface RefreshToken {
  userId: string;
  sessionId: string;
  generation: number;
}

const encoder = new TextEncoder();
const ID = /^[A-Za-z0-9_-]{16,64}$/;
const TAG = /^[A-Za-z0-9_-]{43}$/;

const message = (token: RefreshToken) =>
  encoder.encode(`refresh|${token.userId}|${token.sessionId}|${token.generation}`);

/** Imports the HMAC key once per isolate. */
export function importRefreshKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

export async function formatRefreshToken(key: CryptoKey, token: RefreshToken): Promise<string> {
  const tag = await crypto.subtle.sign('HMAC', key, message(token));
  return `${token.userId}.${token.sessionId}.${token.generation}.${base64url.encode(new Uint8Array(tag))}`;
}

/** The token if it is well-formed and its tag is ours; null for anything else. */
export async function parseRefreshToken(key: CryptoKey, raw: string | undefined): Promise<RefreshToken | null> {
  if (!raw || raw.length > 256) return null;
  const [userId, sessionId, generationText, tag, ...rest] = raw.split('.');
  if (rest.length > 0 || !userId || !sessionId || !generationText || !tag) return null;
  if (!ID.test(userId) || !ID.test(sessionId) || !TAG.test(tag) || !/^(0|[1-9]\d{0,9})$/.test(generationText)) {
    return null;
  }
  const token = { userId, sessionId, generation: Number(generationText) };
  // crypto.subtle.verify compares in constant time; comparing strings ourselves would not.
  const valid = await crypto.subtle.verify('HMAC', key, new Uint8Array(base64url.decode(tag)), message(token));
  return valid ? token : null;
}
