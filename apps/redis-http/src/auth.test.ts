import { describe, expect, it } from 'vitest';
import { isAuthorized } from './auth.ts';

describe('isAuthorized', () => {
  it('accepts the token under the Bearer scheme, whatever the scheme case', () => {
    expect(isAuthorized('Bearer s3cret', 's3cret')).toBe(true);
    expect(isAuthorized('bearer s3cret', 's3cret')).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the token without a scheme', 's3cret'],
    ['another scheme', 'Basic s3cret'],
    ['a prefix of the token', 'Bearer s3cre'],
    ['the token with more after it', 'Bearer s3cret2'],
    ['a token with a different case', 'Bearer S3CRET'],
    ['an empty bearer token', 'Bearer '],
  ])('refuses %s', (_, header) => {
    expect(isAuthorized(header, 's3cret')).toBe(false);
  });
});
