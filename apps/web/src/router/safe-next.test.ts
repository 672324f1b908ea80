import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it('keeps a path inside the app, with its query and hash', () => {
    expect(safeNext('/orgs/o1/posts?cursor=a#top')).toBe('/orgs/o1/posts?cursor=a#top');
    expect(safeNext(['/devices', '/other'])).toBe('/devices');
  });

  it.each([
    ['another origin', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['a tab browsers strip', '/\t/evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['the login page itself', '/login?next=/x'],
    ['nothing', undefined],
    ['a number', 42],
  ])('refuses %s', (_, next) => {
    expect(safeNext(next)).toBeNull();
  });
});
