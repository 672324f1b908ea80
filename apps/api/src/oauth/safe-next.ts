/** Any origin will do: only whether the path stays on it matters. */
const PROBE = 'https://portcullis.invalid';

/**
 * `next` when it is a path on the app's own origin, otherwise null (then the default applies).
 * Refused: absolute URLs, scheme-relative `//host`, backslashes (`/\host`, which browsers read as
 * `//host`), control characters and whitespace that browsers strip before parsing (`/\t/host`),
 * and anything the URL parser would move off the origin.
 *
 * @example
 * sameOriginPath('/orgs/1/posts?tab=mine') // '/orgs/1/posts?tab=mine'
 * sameOriginPath('//evil.example')         // null
 */
export function sameOriginPath(next: string | null | undefined): string | null {
  if (!next || next.length > 2048) return null;
  if (!next.startsWith('/') || next.startsWith('//')) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\\\s\u0000-\u001f\u007f]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, PROBE);
  } catch {
    return null;
  }
  if (url.origin !== PROBE) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
