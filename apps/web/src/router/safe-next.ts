/**
 * The `next` query parameter of /login, if it is a path inside this app. Anything else — another
 * origin, a protocol-relative `//evil.example`, a backslash trick browsers normalise to `//`, the
 * login page itself — is ignored, so a crafted link cannot send a person elsewhere after sign-in.
 *
 * @example
 * safeNext('/orgs/o1/posts?page=2') // '/orgs/o1/posts?page=2'
 * safeNext('//evil.example') // null
 */
export function safeNext(next: unknown): string | null {
  const value = Array.isArray(next) ? next[0] : next;
  if (typeof value !== 'string' || !value.startsWith('/')) return null;
  // Browsers drop tabs and newlines from URLs, so `/\t/evil.example` would become `//evil.example`.
  const hasControl = [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
  if (value.startsWith('//') || value.includes('\\') || hasControl) return null;
  const path = value.split(/[?#]/)[0] ?? '';
  if (path === '/login' || path === '/register') return null;
  return value;
}
