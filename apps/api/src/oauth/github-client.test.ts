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

describe('GitHub’s code exchange and profile, answered by a stand-in for GitHub (no network)', () => {
  const flow = { state: 'st', codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', nonce: '' };
  const callback = new URL('https://app.example.test/api/auth/oauth/github/callback?code=the-code&state=st');

  function standIn(token: Record<string, unknown>) {
    const seen: { url: string; body?: string; authorization?: string | null }[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const headers = new Headers(init?.headers);
      seen.push({ url, body: init?.body ? String(init.body) : undefined, authorization: headers.get('Authorization') });
      if (url === 'https://github.com/login/oauth/access_token') return Response.json(token);
      if (url === 'https://api.github.com/user') return Response.json({ id: 42, login: 'hubber', name: null });
      if (url === 'https://api.github.com/user/emails') {
        return Response.json([{ email: 'hub@example.test', primary: true, verified: true }]);
      }
      return new Response('not found', { status: 404 });
    }) as typeof globalThis.fetch;
    const client = providerClient(
      config,
      { id: 'github', type: 'github', clientId: 'Iv1.abc', clientSecret: 'secret' },
      { fetch },
    );
    return { client, seen };
  }

  it('exchanges the code with the PKCE verifier and the client secret, then reads the profile', async () => {
    const { client, seen } = standIn({
      access_token: 'gho_token',
      token_type: 'bearer',
      scope: 'read:user,user:email',
    });
    // An `iss` GitHub might add is ignored (each provider has its own callback).
    const withIss = new URL(callback);
    withIss.searchParams.set('iss', 'https://github.com');
    expect(await client.profile(withIss, flow)).toEqual({
      subject: '42',
      email: 'hub@example.test',
      emailVerified: true,
      name: 'hubber',
    });
    const exchange = new URLSearchParams(seen[0]?.body);
    expect(Object.fromEntries(exchange)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'the-code',
      code_verifier: flow.codeVerifier,
      redirect_uri: 'https://app.example.test/api/auth/oauth/github/callback',
      client_id: 'Iv1.abc',
      client_secret: 'secret',
    });
    expect(seen.slice(1).map((call) => call.authorization)).toEqual(['Bearer gho_token', 'Bearer gho_token']);
  });

  it('answers GitHub’s 200-with-an-error (a used or wrong code) as token-invalid', async () => {
    const { client } = standIn({
      error: 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
    });
    await expect(client.profile(callback, flow)).rejects.toMatchObject({ code: 'token-invalid' });
  });

  it('answers a refusal on GitHub’s page as access-denied', async () => {
    const { client } = standIn({});
    const denied = new URL('https://app.example.test/api/auth/oauth/github/callback?error=access_denied&state=st');
    await expect(client.profile(denied, flow)).rejects.toMatchObject({ code: 'access-denied' });
  });
});
