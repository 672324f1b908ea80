import { base64url } from 'jose';

/** An opaque, unguessable id: 128 random bits as 22 base64url characters. */
export function randomId(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
}
