import { describe, expect, inject, it } from 'vitest';
import { authClient, json, ORIGIN, PASSWORD, refreshCookieOf, uniqueEmail } from '../../test/auth-client.ts';
import { mfaClient, totpCode } from '../../test/mfa-client.ts';
import { oauthBrowser } from '../../test/oauth-browser.ts';
import { emailOf, oauthClient, testProviders, uniqueLogin } from '../../test/oauth-client.ts';
import { tokenFromOutbox } from '../../test/outbox.ts';
import { switchableStore } from '../../test/switchable-store.ts';
import { testApp } from '../../test/test-app.ts';
import { createRestStore } from '../store/rest-store.ts';
import { userByEmail } from '../users/users.ts';

// Sign-in with a real OpenID Provider (test/oidc-provider.ts, started by test/global-setup.ts in
// Node): every flow below goes through its discovery, login and consent pages, token endpoint and keys.
const { request, deps } = testApp({}, { AUTH_PROVIDERS: testProviders() });
const oauth = oauthClient(request);
const auth = authClient(request);
const mfa = mfaClient(request, deps.now);

async function eventsOf(accessToken: string): Promise<Record<string, unknown>[]> {
  const response = await request('/api/auth/events', { headers: { Authorization: `Bearer ${accessToken}` } });
  return ((await response.json()) as { events: Record<string, unknown>[] }).events;
}

/** A failed flow: back on the sign-in page with the code, no session, and no account for the login. */
async function expectRefused(landing: { response: Response; location: string }, code: string, login?: string) {
  expect(landing.location).toBe(`/login?error=${code}`);
  expect(refreshCookieOf(landing.response)).toBeNull();
  if (login) expect(await userByEmail(deps.store, emailOf(login))).toBeNull();
}

describe('GET /api/auth/providers', () => {
  it('lists the configured providers by id, name and type', async () => {
    const response = await request('/api/auth/providers');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      providers: [
        { id: 'corp', name: 'Corp SSO', type: 'oidc' },
        { id: 'impostor', name: 'Impostor', type: 'oidc' },
        { id: 'github', name: 'GitHub', type: 'github' },
      ],
    });
  });
});

describe('GET /api/auth/oauth/:provider/start', () => {
  it('redirects to the provider with PKCE S256, state and nonce, binding the flow to a Lax cookie', async () => {
    const response = await request('/api/auth/oauth/corp/start');
    expect(response.status).toBe(302);
    const url = new URL(response.headers.get('Location') ?? '');
    expect(url.origin).toBe(inject('oidc').issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe(inject('oidc').clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/api/auth/oauth/corp/callback`);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const state = url.searchParams.get('state') ?? '';
    expect(state.length).toBeGreaterThanOrEqual(32);
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toBe(
      `__Secure-oauth-flow=${state}; Max-Age=600; Path=/api/auth/oauth; HttpOnly; Secure; SameSite=Lax`,
    );
  });

  it('answers 404 for a provider that is not configured', async () => {
    const response = await request('/api/auth/oauth/nobody/start');
    expect(response.status).toBe(404);
  });
});

describe('signing in with an OpenID Provider', () => {
  it('creates a verified account without a password, signs it in, and records the provider', async () => {
    const login = uniqueLogin();
    const landing = await oauth.signIn(login);
    expect(landing.location).toBe('/');
    expect(refreshCookieOf(landing.response)).toBeTruthy();
    const accessToken = await oauth.accessTokenOf(landing.browser);
    const me = (await (await auth.me(accessToken)).json()) as {
      user: { email: string; emailVerified: boolean; name: string };
    };
    expect(me.user).toMatchObject({ email: emailOf(login), emailVerified: true, name: `User ${login}` });
    expect(await oauth.identities(accessToken)).toEqual([
      { id: expect.any(String), provider: 'corp', email: emailOf(login), linkedAt: expect.any(String) },
    ]);
    const events = await eventsOf(accessToken);
    expect(events.map((event) => event.type)).toEqual(['login.succeeded', 'identity.linked']);
    expect(events[0]).toMatchObject({ method: 'oauth', provider: 'corp' });
    // No password was set: signing in with one fails like a wrong password.
    const withPassword = await request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: emailOf(login), password: 'anything at all' }),
    });
    expect(withPassword.status).toBe(401);
  });

  it('gives an account made from a provider a password through the reset flow', async () => {
    const login = uniqueLogin();
    await oauth.signIn(login);
    const email = emailOf(login);
    expect((await request('/api/auth/password/forgot', json({ email }))).status).toBe(202);
    const token = await tokenFromOutbox(request, email, 'Reset your password');
    expect((await request('/api/auth/password/reset', json({ token, password: PASSWORD }))).status).toBe(204);
    const session = await auth.login(email);
    // Both ways now lead to the same account.
    expect((await oauth.identities(session.accessToken)).map((identity) => identity.provider)).toEqual(['corp']);
  });

  it('signs the same account in again, and sends the browser to a same-origin next', async () => {
    const login = uniqueLogin();
    const first = await oauth.signIn(login);
    const firstUser = (await userByEmail(deps.store, emailOf(login)))?.id;
    const again = await oauth.signIn(login, { next: '/orgs/o1/posts?tab=mine' });
    expect(again.location).toBe('/orgs/o1/posts?tab=mine');
    const accessToken = await oauth.accessTokenOf(again.browser);
    const me = (await (await auth.me(accessToken)).json()) as { user: { id: string } };
    expect(me.user.id).toBe(firstUser);
    expect(await oauth.identities(accessToken)).toHaveLength(1);
    expect(first.location).toBe('/');
  });

  it.each(['//evil.example', 'https://evil.example/', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)'])(
    'ignores next=%j (not a path on this origin) and lands on /',
    async (next) => {
      const landing = await oauth.signIn(uniqueLogin(), { next });
      expect(landing.location).toBe('/');
    },
  );

  it('does not link an identity to an existing account with its email: account-exists, nothing created', async () => {
    const login = uniqueLogin();
    const { userId, email } = await auth.register(emailOf(login));
    const landing = await oauth.signIn(login);
    expect(landing.location).toBe('/login?error=account-exists');
    expect(refreshCookieOf(landing.response)).toBeNull();
    const session = await auth.login(email);
    expect(session.userId).toBe(userId);
    expect(await oauth.identities(session.accessToken)).toEqual([]);
    // Still not linked the second time: nothing was left behind by the first.
    expect((await oauth.signIn(login)).location).toBe('/login?error=account-exists');
  });

  it('lands a user with MFA on the second-step page with a login ticket in the fragment', async () => {
    const login = uniqueLogin();
    const created = await oauth.signIn(login);
    const { secret } = await mfa.enrolTotp(await oauth.accessTokenOf(created.browser));
    const landing = await oauth.signIn(login, { next: '/devices' });
    expect(refreshCookieOf(landing.response)).toBeNull();
    const to = new URL(landing.location, ORIGIN);
    expect(to.pathname).toBe('/login/verify');
    expect(to.searchParams.get('next')).toBe('/devices');
    const fragment = new URLSearchParams(to.hash.slice(1));
    expect(fragment.get('methods')).toBe('totp,recovery');
    const mfaToken = fragment.get('mfaToken') ?? '';
    const verified = await mfa.verify(mfaToken, 'totp', totpCode(secret, deps.now() + 30_000));
    expect(verified.status).toBe(200);
    const { accessToken } = (await verified.json()) as { accessToken: string };
    expect((await eventsOf(accessToken))[0]).toMatchObject({
      type: 'login.succeeded',
      method: 'totp',
      provider: 'corp',
    });
  });
});

describe('linking and unlinking', () => {
  it('links an identity from a signed-in session; it then signs in to that account', async () => {
    const { email, userId } = await auth.register(uniqueEmail('linker'));
    const session = await auth.login(email);
    const login = uniqueLogin();
    const landing = await oauth.link(session.accessToken, login);
    expect(landing.location).toBe('/security?linked=corp');
    // A link starts no session: the browser is signed in already.
    expect(refreshCookieOf(landing.response)).toBeNull();
    expect(await oauth.identities(session.accessToken)).toEqual([
      { id: expect.any(String), provider: 'corp', email: emailOf(login), linkedAt: expect.any(String) },
    ]);
    expect((await eventsOf(session.accessToken))[0]).toMatchObject({ type: 'identity.linked', provider: 'corp' });
    const signedIn = await oauth.signIn(login);
    expect(signedIn.location).toBe('/');
    const me = (await (await auth.me(await oauth.accessTokenOf(signedIn.browser))).json()) as { user: { id: string } };
    expect(me.user.id).toBe(userId);
  });

  it('binds the link to the browser that asked: its URL opened elsewhere links nothing', async () => {
    const session = await auth.login((await auth.register(uniqueEmail('bound'))).email);
    const started = await request('/api/auth/oauth/corp/link', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.accessToken}` },
      body: '{}',
    });
    const { url } = (await started.json()) as { url: string };
    // Another browser (a victim lured to the URL) has no flow cookie.
    const elsewhere = oauthBrowser(request);
    const landing = await oauth.land(elsewhere, await elsewhere.throughProvider(url, uniqueLogin()));
    await expectRefused(landing, 'invalid-state');
    expect(await oauth.identities(session.accessToken)).toEqual([]);
  });

  it('refuses an identity another account holds: identity-taken', async () => {
    const login = uniqueLogin();
    await oauth.signIn(login);
    const session = await auth.login((await auth.register(uniqueEmail('taker'))).email);
    const landing = await oauth.link(session.accessToken, login);
    expect(landing.location).toBe('/security?error=identity-taken');
    expect(await oauth.identities(session.accessToken)).toEqual([]);
  });

  it('links nothing when the session that asked has ended meanwhile', async () => {
    const session = await auth.login((await auth.register(uniqueEmail('ended'))).email);
    const browser = oauthBrowser(request);
    const started = await browser.go('/api/auth/oauth/corp/link', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.accessToken}` },
      body: '{}',
    });
    const { url } = (await started.json()) as { url: string };
    const back = await browser.throughProvider(url, uniqueLogin());
    const logout = await request('/api/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.accessToken}` },
      body: '{}',
    });
    expect(logout.status).toBe(204);
    const landing = await oauth.land(browser, back);
    expect(landing.location).toBe('/security?error=session-ended');
  });

  it('unlinks an identity, but refuses to remove the last way to sign in (409)', async () => {
    const login = uniqueLogin();
    const created = await oauth.signIn(login);
    const accessToken = await oauth.accessTokenOf(created.browser);
    const [only] = await oauth.identities(accessToken);
    const refused = await oauth.unlink(accessToken, only?.id ?? '');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe('CONFLICT');

    const second = await oauth.link(accessToken, uniqueLogin());
    expect(second.location).toBe('/security?linked=corp');
    expect(await oauth.identities(accessToken)).toHaveLength(2);
    expect((await oauth.unlink(accessToken, only?.id ?? '')).status).toBe(204);
    expect((await eventsOf(accessToken))[0]).toMatchObject({ type: 'identity.unlinked', identityId: only?.id });
    const [remaining] = await oauth.identities(accessToken);
    expect((await oauth.unlink(accessToken, remaining?.id ?? '')).status).toBe(409);
    // The unlinked identity is free again: it makes an account of its own... whose email is taken.
    expect((await oauth.signIn(login)).location).toBe('/login?error=account-exists');
  });

  it('unlinks freely when a password remains, and answers 404 for an identity that is not the caller’s', async () => {
    const session = await auth.login((await auth.register(uniqueEmail('unlinker'))).email);
    await oauth.link(session.accessToken, uniqueLogin());
    const [identity] = await oauth.identities(session.accessToken);
    expect((await oauth.unlink(session.accessToken, 'not-an-identity')).status).toBe(404);
    expect((await oauth.unlink(session.accessToken, identity?.id ?? '')).status).toBe(204);
    expect(await oauth.identities(session.accessToken)).toEqual([]);
  });
});

describe('failed sign-ins land on /login?error=<code> and create nothing', () => {
  it('denied consent: access-denied', async () => {
    const login = uniqueLogin();
    await expectRefused(await oauth.signIn(login, { consent: 'deny' }), 'access-denied', login);
  });

  it.each([
    ['aud', 'tamper-aud'],
    ['iss', 'tamper-iss'],
    ['nonce', 'tamper-nonce'],
    ['exp', 'tamper-exp'],
  ])('an ID token with a wrong %s: token-invalid', async (_claim, prefix) => {
    const login = uniqueLogin(prefix);
    await expectRefused(await oauth.signIn(login), 'token-invalid', login);
  });

  it('an ID token whose signature does not match the advertised keys (another provider instance): token-invalid', async () => {
    const login = uniqueLogin();
    await expectRefused(await oauth.signIn(login, { provider: 'impostor' }), 'token-invalid', login);
  });

  it('an email the provider does not vouch for, or none: email-unverified', async () => {
    const unverified = uniqueLogin('unverified');
    await expectRefused(await oauth.signIn(unverified), 'email-unverified', unverified);
    await expectRefused(await oauth.signIn(uniqueLogin('noemail')), 'email-unverified');
  });

  it('the token endpoint down after the user signed in: provider-unavailable', async () => {
    const login = uniqueLogin('token-503');
    await expectRefused(await oauth.signIn(login), 'provider-unavailable', login);
  });

  it('a replayed callback: invalid-state, and no second session', async () => {
    const browser = oauthBrowser(request);
    const start = await browser.go('/api/auth/oauth/corp/start');
    const state = new URL(start.headers.get('Location') ?? '').searchParams.get('state') ?? '';
    const back = await browser.throughProvider(start.headers.get('Location') ?? '', uniqueLogin());
    expect((await oauth.land(browser, back)).location).toBe('/');
    // The same callback again, flow cookie and all (an attacker who copied both).
    browser.jarOf('portcullis.test').set('__Secure-oauth-flow', state);
    await expectRefused(await oauth.land(browser, back), 'invalid-state');
  });

  it('a code exchanged twice (replayed into a new flow of the same browser): token-invalid', async () => {
    const browser = oauthBrowser(request);
    const first = await browser.go('/api/auth/oauth/corp/start');
    const back = new URL(await browser.throughProvider(first.headers.get('Location') ?? '', uniqueLogin()));
    expect((await oauth.land(browser, back.toString())).location).toBe('/');
    // A fresh flow: its state and cookie are good; the code is the one already exchanged.
    const second = await browser.go('/api/auth/oauth/corp/start');
    back.searchParams.set('state', new URL(second.headers.get('Location') ?? '').searchParams.get('state') ?? '');
    await expectRefused(await oauth.land(browser, back.toString()), 'token-invalid');
  });

  it('a state that does not match the cookie, or no cookie at all: invalid-state', async () => {
    const login = uniqueLogin();
    const browser = oauthBrowser(request);
    const start = await browser.go('/api/auth/oauth/corp/start');
    const back = new URL(await browser.throughProvider(start.headers.get('Location') ?? '', login));
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state-value-that-we-never-issued');
    await expectRefused(await oauth.land(browser, forged.toString()), 'invalid-state', login);
    browser.jarOf('portcullis.test').clear();
    await expectRefused(await oauth.land(browser, back.toString()), 'invalid-state', login);
  });

  it('a provider error other than a refusal: provider-error', async () => {
    const browser = oauthBrowser(request);
    const start = await browser.go('/api/auth/oauth/corp/start');
    const state = new URL(start.headers.get('Location') ?? '').searchParams.get('state') ?? '';
    const landing = await oauth.land(
      browser,
      `${ORIGIN}/api/auth/oauth/corp/callback?error=temporarily_unavailable&state=${state}&iss=${encodeURIComponent(inject('oidc').issuer)}`,
    );
    await expectRefused(landing, 'provider-error');
  });

  it('a callback for another provider than the flow started with: invalid-state', async () => {
    const browser = oauthBrowser(request);
    const start = await browser.go('/api/auth/oauth/corp/start');
    const back = await browser.throughProvider(start.headers.get('Location') ?? '', uniqueLogin());
    const swapped = back.replace('/oauth/corp/', '/oauth/impostor/');
    await expectRefused(await oauth.land(browser, swapped), 'invalid-state');
  });
});

describe('a provider that cannot be reached', () => {
  const providers = (issuer: string) =>
    JSON.stringify([{ id: 'corp', type: 'oidc', name: 'Corp SSO', issuer, clientId: 'c', clientSecret: 's' }]);

  it('an outage (503 from discovery): the start lands on provider-unavailable, no flow cookie', async () => {
    const down = testApp({}, { AUTH_PROVIDERS: providers(inject('failingUrl')) });
    const response = await down.request('/api/auth/oauth/corp/start');
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/login?error=provider-unavailable');
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('no answer within OAUTH_TIMEOUT_MS: the start lands on provider-unavailable', async () => {
    const hanging = testApp({}, { AUTH_PROVIDERS: providers(inject('hangingUrl')), OAUTH_TIMEOUT_MS: '300' });
    const response = await hanging.request('/api/auth/oauth/corp/start');
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/login?error=provider-unavailable');
  });
});

describe('when Redis is unreachable', () => {
  it('answers 503 STORE_UNAVAILABLE on the provider routes, like every store-backed route, and calls no provider', async () => {
    const base = testApp({}, { AUTH_PROVIDERS: testProviders() });
    const store = switchableStore(base.deps.store);
    const { request: cut } = testApp({ store }, { AUTH_PROVIDERS: testProviders() });
    const browser = oauthBrowser(request);
    const start = await browser.go('/api/auth/oauth/corp/start');
    const back = await browser.throughProvider(start.headers.get('Location') ?? '', uniqueLogin());
    const cookie = `__Secure-oauth-flow=${new URL(back).searchParams.get('state')}`;

    store.switchTo(createRestStore({ url: inject('hangingUrl'), token: 't', timeoutMs: 300 }));
    for (const [name, path, init] of [
      ['start', '/api/auth/oauth/corp/start', {}],
      ['callback', new URL(back).pathname + new URL(back).search, { headers: { Cookie: cookie } }],
      ['identities', '/api/auth/identities', {}],
    ] as const) {
      const response = await cut(path, init);
      expect(response.status, name).toBe(503);
      expect(await response.json(), name).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    }
    // Redis back: the flow was never taken, so the same callback still signs in.
    store.switchTo(base.deps.store);
    expect((await oauth.land(browser, back)).location).toBe('/');
  });
});

describe('the provider routes’ rate limit', () => {
  // Regression: GETs ran while their limits were checked, so a refused callback had still signed
  // the user in (and created the account) before its answer became the 429.
  it('refuses a callback past the limit before it takes the flow or creates anything', async () => {
    const limited = testApp(
      { clientIp: () => '192.0.2.150' },
      {
        AUTH_PROVIDERS: testProviders(),
        RATE_LIMIT_OAUTH_MAX: '2',
        // A window of its own: other suites count this IP's requests under their own windows.
        RATE_LIMIT_OAUTH_WINDOW_SECONDS: String(7_001 + Math.floor(Math.random() * 900)),
      },
    );
    const browser = oauthBrowser(limited.request);
    const start = await browser.go('/api/auth/oauth/corp/start');
    expect((await limited.request('/api/auth/oauth/corp/start')).status).toBe(302);
    const login = uniqueLogin();
    const back = await browser.throughProvider(start.headers.get('Location') ?? '', login);
    const refused = await browser.go(back);
    expect(refused.status).toBe(429);
    expect(refreshCookieOf(refused)).toBeNull();
    expect(await userByEmail(deps.store, emailOf(login))).toBeNull();
  });
});
