import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './safe-next.ts';

describe('sameOriginPath', () => {
  it('keeps a path on this origin, with its query and fragment', () => {
    expect(sameOriginPath('/')).toBe('/');
    expect(sameOriginPath('/orgs/o1/posts?tab=mine#top')).toBe('/orgs/o1/posts?tab=mine#top');
    // Encoded slashes stay inside the path: the browser asks this origin for it.
    expect(sameOriginPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
  });

  it.each([
    '//evil.example',
    '///evil.example',
    'https://evil.example',
    'https:evil.example',
    'http://portcullis.test/ok',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    ' /ok',
    'javascript:alert(1)',
    'evil.example',
    '',
    `/${'a'.repeat(2048)}`,
  ])('ignores %j', (next) => {
    expect(sameOriginPath(next)).toBeNull();
  });

  it('ignores nothing at all', () => {
    expect(sameOriginPath(undefined)).toBeNull();
    expect(sameOriginPath(null)).toBeNull();
  });
});
