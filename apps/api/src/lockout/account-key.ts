/**
 * The lockout's key for whatever email was typed (already normalised), known or not: the first 128
 * bits of its SHA-256 in hex. Bounded and uniform, so counters and device cookies say nothing about
 * which emails have accounts.
 */
export async function accountKey(email: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(email)));
  return Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
