/** Recently formatted instants: a user's /me asks for the same `createdAt` on every request. */
const formatted = new Map<number, string>();
const KEEP = 1024;

/**
 * An epoch-ms instant as ISO 8601 text (what the API answers). Memoised, because
 * `Date#toISOString` was the single most expensive line of `/me` in a profile.
 */
export function isoTime(ms: number): string {
  let text = formatted.get(ms);
  if (text === undefined) {
    if (formatted.size >= KEEP) formatted.clear();
    text = new Date(ms).toISOString();
    formatted.set(ms, text);
  }
  return text;
}
