/**
 * When to renew an access token that lives `expiresInSeconds`: a minute early for the usual
 * 10-minute token, a fifth of its life for short ones — early enough that a slow network or a
 * tab waiting on another tab's refresh still beats the expiry, late enough not to refresh in a loop.
 *
 * @example
 * refreshDelayMs(600) // 540_000
 */
export function refreshDelayMs(expiresInSeconds: number): number {
  const margin = Math.min(60, Math.max(1, expiresInSeconds / 5));
  return Math.max(1, expiresInSeconds - margin) * 1000;
}
