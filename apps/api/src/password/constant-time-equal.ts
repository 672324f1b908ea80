/**
 * Compares two byte arrays without an early exit, so the time taken does not tell how many leading
 * bytes matched. Hand-written because there is no common API: Node has `crypto.timingSafeEqual`,
 * workerd `crypto.subtle.timingSafeEqual`, and Deno neither under one name. The lengths are not
 * secret (they come from the stored hash), so a length mismatch may return at once.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
