import { base64url } from 'jose';

/*
 * Secrets the API must read back (TOTP seeds), sealed with AES-256-GCM under MFA_ENCRYPTION_KEY,
 * so that a Redis dump or a replica's backup cannot mint codes. `context` is bound in as
 * additional data: a sealed value copied to another user's key, or to another purpose, does not
 * open there.
 */

const encoder = new TextEncoder();
const VERSION = 'v1';

/** jose's decoder, into a buffer WebCrypto's types accept. */
const bytes = (text: string) => new Uint8Array(base64url.decode(text));

/** Imports the key once per isolate; `secret` is MFA_ENCRYPTION_KEY, validated at start-up. */
export function importMfaKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', bytes(secret), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** `v1.<iv>.<ciphertext and tag>`, base64url; a fresh 96-bit IV every time. */
export async function seal(key: CryptoKey, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
    key,
    encoder.encode(plaintext),
  );
  return `${VERSION}.${base64url.encode(iv)}.${base64url.encode(new Uint8Array(sealed))}`;
}

/** The plaintext, or null when the value is not ours: another key, another context, tampered. */
export async function open(key: CryptoKey, sealed: string, context: string): Promise<string | null> {
  const [version, iv, data, ...rest] = sealed.split('.');
  if (version !== VERSION || !iv || !data || rest.length > 0) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes(iv), additionalData: encoder.encode(context) },
      key,
      bytes(data),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
