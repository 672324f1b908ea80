import { describe, expect, it } from 'vitest';
import { githubProfile } from './github-client.ts';
import { providerClient } from './provider-clients.ts';

const config = { APP_URL: 'https://app.example.test', ENVIRONMENT: 'production' as const, OAUTH_TIMEOUT_MS: 1000 };
const github = providerClient(config, { id: 'github', type: 'github', clientId: 'Iv1.abc', clientSecret: 'secret' });

describe('GitHub', () => {
  it('sends the browser to GitHub with PKCE S256, state, the callback and the email scope', async () => {
    const url = await github.authorizationUrl({ state: 'the-state', codeVerifier: 'v'.repeat(43), nonce: 'unused' });
    expect(`${url.origin}${url.pathname}`).toBe('https://github.com/login/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'Iv1.abc',
      redirect_uri: 'https://app.example.test/api/auth/oauth/github/callback',
      response_type: 'code',
      scope: 'read:user user:email',
      state: 'the-state',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
      allow_signup: 'false',
    });
    expect(github).toMatchObject({ id: 'github', name: 'GitHub', type: 'github' });
  });

  it('derives the challenge from the verifier as RFC 7636 says', async () => {
    // RFC 7636 appendix B's example verifier and challenge.
    const url = await github.authorizationUrl({
      state: 's',
      codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      nonce: '',
    });
    expect(url.searchParams.get('code_challenge')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('maps the numeric id, the name (or login) and the primary email with GitHub’s verification', () => {
    const user = { id: 583231, login: 'octocat', name: 'The Octocat', email: 'public@example.test' };
    const emails = [
      { email: 'Other@Example.test', primary: false, verified: true },
      { email: 'Octo@Example.test', primary: true, verified: true },
    ];
    expect(githubProfile(user, emails)).toEqual({
      subject: '583231',
      email: 'octo@example.test',
      emailVerified: true,
      name: 'The Octocat',
    });
    expect(
      githubProfile({ ...user, name: null }, [{ email: 'x@example.test', primary: true, verified: false }]),
    ).toEqual({
      subject: '583231',
      email: 'x@example.test',
      emailVerified: false,
      name: 'octocat',
    });
    // No primary email (or none shared): no email, which makes no account.
    expect(githubProfile(user, [])).toMatchObject({ email: null, emailVerified: false });
  });

  it('refuses answers that are not GitHub’s shapes', () => {
    expect(() => githubProfile({ login: 'octocat' }, [])).toThrow();
    expect(() => githubProfile({ id: 1, login: 'octocat' }, { email: 'x' })).toThrow();
  });
});
