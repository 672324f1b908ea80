import type { AuthorizationServer, IDToken } from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { oidcProfile } from './oidc-client.ts';
import { GOOGLE_ISSUER, providerClient } from './provider-clients.ts';

const config = { APP_URL: 'https://app.example.test', ENVIRONMENT: 'production' as const, OAUTH_TIMEOUT_MS: 1000 };

// Google's discovery document, as served at https://accounts.google.com/.well-known/openid-configuration
// (the part a sign-in uses): the test has no network.
const googleMetadata: AuthorizationServer = {
  issuer: 'https://accounts.google.com',
  authorization_endpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
  token_endpoint: 'https://oauth2.googleapis.com/token',
  userinfo_endpoint: 'https://openidconnect.googleapis.com/v1/userinfo',
  jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs',
};

describe('Google', () => {
  it('is discovered from Google’s issuer, and sends the browser there with PKCE S256, state and nonce', async () => {
    const asked: string[] = [];
    const google = providerClient(
      config,
      { id: 'google', type: 'google', clientId: 'abc.apps.googleusercontent.com', clientSecret: 'secret' },
      {
        discover: async (issuer) => {
          asked.push(issuer);
          return googleMetadata;
        },
      },
    );
    expect(google).toMatchObject({ id: 'google', name: 'Google', type: 'google' });
    const url = await google.authorizationUrl({ state: 'st', codeVerifier: 'v'.repeat(43), nonce: 'nn' });
    expect(asked).toEqual([GOOGLE_ISSUER]);
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'abc.apps.googleusercontent.com',
      redirect_uri: 'https://app.example.test/api/auth/oauth/google/callback',
      response_type: 'code',
      scope: 'openid email profile',
      state: 'st',
      nonce: 'nn',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
  });

  it('maps an ID token’s claims: sub, the email only as verified as Google says, the name', () => {
    const claims: IDToken = {
      iss: GOOGLE_ISSUER,
      aud: 'abc.apps.googleusercontent.com',
      sub: '110169484474386276334',
      iat: 1,
      exp: 2,
      email: 'Jane.Doe@Gmail.com',
      email_verified: true,
      name: 'Jane Doe',
    };
    expect(oidcProfile(claims)).toEqual({
      subject: '110169484474386276334',
      email: 'jane.doe@gmail.com',
      emailVerified: true,
      name: 'Jane Doe',
    });
    expect(oidcProfile({ ...claims, email_verified: false, name: undefined, given_name: 'Jane' })).toMatchObject({
      emailVerified: false,
      name: 'Jane',
    });
    // Some providers send the flag as a string; anything but true/"true" is unverified.
    expect(oidcProfile({ ...claims, email_verified: 'true' }).emailVerified).toBe(true);
    expect(oidcProfile({ ...claims, email_verified: 'yes' }).emailVerified).toBe(false);
    expect(oidcProfile({ ...claims, email: undefined })).toMatchObject({ email: null });
  });

  it('asks an OpenID Provider for openid plus the scopes configured', async () => {
    const corp = providerClient(
      config,
      {
        id: 'corp',
        type: 'oidc',
        name: 'Corp',
        issuer: 'https://sso.corp.test',
        clientId: 'c',
        clientSecret: 's',
        scopes: ['email', 'groups'],
      },
      {
        discover: async () => ({
          ...googleMetadata,
          issuer: 'https://sso.corp.test',
          authorization_endpoint: 'https://sso.corp.test/authorize',
        }),
      },
    );
    const url = await corp.authorizationUrl({ state: 's', codeVerifier: 'v'.repeat(43), nonce: 'n' });
    expect(url.searchParams.get('scope')).toBe('openid email groups');
  });
});
