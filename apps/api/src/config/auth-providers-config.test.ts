import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const base = { ...env } as Record<string, unknown>;
const corp = {
  id: 'corp',
  type: 'oidc',
  name: 'Corp SSO',
  issuer: 'https://sso.corp.test',
  clientId: 'c',
  clientSecret: 's',
};
const load = (providers: unknown, extra: Record<string, unknown> = {}) =>
  loadConfig({
    ...base,
    ...extra,
    AUTH_PROVIDERS: typeof providers === 'string' ? providers : JSON.stringify(providers),
  });

describe('AUTH_PROVIDERS', () => {
  it('reads GitHub, Google and OpenID Providers; none by default', () => {
    expect(loadConfig(base).AUTH_PROVIDERS).toEqual([]);
    const providers = [
      { id: 'github', type: 'github', clientId: 'gh', clientSecret: 'ghs' },
      { id: 'google', type: 'google', clientId: 'go', clientSecret: 'gos' },
      { ...corp, scopes: ['email', 'groups'] },
    ];
    expect(load(providers).AUTH_PROVIDERS).toEqual(providers);
  });

  // A misconfigured provider must stop the API at start-up, naming what to fix, not fail a sign-in.
  it.each([
    ['not JSON', '[{id: corp}]', /AUTH_PROVIDERS.*JSON array/s],
    ['not an array', { id: 'corp' }, /AUTH_PROVIDERS/],
    ['an unknown type', [{ ...corp, type: 'saml' }], /AUTH_PROVIDERS\.0\.type/],
    ['no client secret', [{ ...corp, clientSecret: '' }], /AUTH_PROVIDERS\.0\.clientSecret/],
    ['an OpenID Provider without issuer', [{ ...corp, issuer: undefined }], /AUTH_PROVIDERS\.0\.issuer/],
    ['an issuer that is not a URL', [{ ...corp, issuer: 'sso.corp.test' }], /AUTH_PROVIDERS\.0\.issuer/],
    ['an OpenID Provider without name', [{ ...corp, name: undefined }], /AUTH_PROVIDERS\.0\.name/],
    ['an id that cannot be a path segment', [{ ...corp, id: 'Corp/SSO' }], /AUTH_PROVIDERS\.0\.id/],
    ['an id used twice', [corp, { ...corp, name: 'Again' }], /"corp" is used twice/],
    ['a misspelt setting', [{ ...corp, clientID: 'x' }], /AUTH_PROVIDERS\.0.*clientID/],
  ])('refuses %s at start-up', (_case, providers, message) => {
    expect(() => load(providers)).toThrow(message);
  });

  it('refuses a plain-http issuer in production, and allows one in development (a local provider)', () => {
    const local = [{ ...corp, issuer: 'http://127.0.0.1:4000' }];
    expect(load(local, { ENVIRONMENT: 'development' }).AUTH_PROVIDERS).toHaveLength(1);
    expect(() =>
      load(local, {
        ENVIRONMENT: 'production',
        APP_URL: 'https://app.example.test',
        MAIL_API_KEY: 'k',
        MAIL_FROM: 'auth@example.test',
      }),
    ).toThrow(/issuer of "corp" must be an https URL/);
  });
});
