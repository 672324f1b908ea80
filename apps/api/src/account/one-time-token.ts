import { base64url } from 'jose';

/**
 * Email-verification and password-reset tokens: `<userId>.<secret>`, the secret 256 random bits in
 * base64url. The user id routes the token to the user's own keys (one Redis Cluster slot, no
 * global token index); only SHA-256 of the whole token is stored. A fast hash is enough here —
 * unlike passwords, 256 random bits cannot be guessed offline.
 */
export interface OneTimeToken {
  userId: string;
  token: string;
}

const TOKEN = /^([A-Za-z0-9_-]{16,64})\.[A-Za-z0-9_-]{43}$/;

export function newOneTimeToken(userId: string): OneTimeToken {
  return { userId, token: `${userId}.${base64url.encode(crypto.getRandomValues(new Uint8Array(32)))}` };
}

/** The token if it has our shape; null for anything else (which is then refused without a lookup). */
export function parseOneTimeToken(raw: string): OneTimeToken | null {
  const match = TOKEN.exec(raw);
  return match?.[1] ? { userId: match[1], token: raw } : null;
}

/** Hex SHA-256: what Redis keeps instead of the token. */
export async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
