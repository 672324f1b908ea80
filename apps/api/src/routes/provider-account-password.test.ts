import { describe, expect, it } from 'vitest';
import { authClient, json, PASSWORD } from '../../test/auth-client.ts';
import { countingHasher, randomIp } from '../../test/limits-test-app.ts';
import { emailOf, oauthClient, testProviders, uniqueLogin } from '../../test/oauth-client.ts';
import { tokenFromOutbox } from '../../test/outbox.ts';
import { testApp } from '../../test/test-app.ts';

// An account made from a provider has no password until its user sets one through the reset
// flow. /me says so (the security page offers "Set a password"), and the change route refuses it
// without counting a failed login or hashing anything. The accounts come from the real local
// OpenID Provider (test/oidc-provider.ts).
const counting = countingHasher(testApp().deps.hasher);
// A lockout of three makes a counted attempt visible within a few requests (backoff is off at it).
const { request } = testApp(
  { hasher: counting.hasher },
  { AUTH_PROVIDERS: testProviders(), LOGIN_LOCKOUT_THRESHOLD: '3' },
);
const oauth = oauthClient(request);
const auth = authClient(request);
const NEW_PASSWORD = 'a password of my own';

/** A new account made by signing in with the provider, and its access token. */
async function providerAccount(): Promise<{ email: string; accessToken: string }> {
  const login = uniqueLogin('nopw');
  const landing = await oauth.signIn(login);
  expect(landing.location).toBe('/');
  return { email: emailOf(login), accessToken: await oauth.accessTokenOf(landing.browser) };
}

async function hasPassword(accessToken: string): Promise<unknown> {
  const response = await auth.me(accessToken);
  expect(response.status).toBe(200);
  return ((await response.json()) as { user: { hasPassword: unknown } }).user.hasPassword;
}

const change = (accessToken: string, currentPassword: string, ip: string, newPassword = NEW_PASSWORD) =>
  request(
    '/api/auth/password/change',
    json({ currentPassword, newPassword }, { Authorization: `Bearer ${accessToken}`, 'CF-Connecting-IP': ip }),
  );

const loginFrom = (email: string, password: string, ip: string) =>
  request('/api/auth/login', json({ email, password }, { 'CF-Connecting-IP': ip }));

/** The reset flow the security page's "Set a password" starts: forgot → the emailed link → reset. */
async function setPasswordByLink(email: string, password: string): Promise<void> {
  expect((await request('/api/auth/password/forgot', json({ email }))).status).toBe(202);
  const token = await tokenFromOutbox(request, email, 'Reset your password');
  expect((await request('/api/auth/password/reset', json({ token, password }))).status).toBe(204);
}

describe('GET /api/auth/me: user.hasPassword', () => {
  it('is false for an account made from a provider, true once the reset link set one', async () => {
    const { email, accessToken } = await providerAccount();
    expect(await hasPassword(accessToken)).toBe(false);
    await setPasswordByLink(email, PASSWORD);
    // The reset ended every session: the new one sees the password.
    const session = await auth.login(email);
    expect(await hasPassword(session.accessToken)).toBe(true);
    // And now the password can be changed like any other.
    expect((await change(session.accessToken, PASSWORD, randomIp())).status).toBe(204);
  });

  it('is true for a registered account', async () => {
    const session = await auth.login((await auth.register()).email);
    expect(await hasPassword(session.accessToken)).toBe(true);
  });
});

describe('POST /api/auth/password/change without a password', () => {
  it('answers 409 CONFLICT pointing to the reset flow, hashing nothing and counting no failed login', async () => {
    const { email, accessToken } = await providerAccount();
    const ip = randomIp();
    const verified = counting.verifications();
    const hashed = counting.hashes();
    // More attempts than the lockout threshold (3): had any counted, this address would be locked.
    for (let i = 0; i < 5; i += 1) {
      const response = await change(accessToken, `guess number ${i}`, ip);
      expect(response.status).toBe(409);
      expect(response.headers.get('Content-Type')).toContain('application/problem+json');
      expect(await response.json()).toEqual({
        type: 'urn:portcullis:problem:conflict',
        title: 'Conflict',
        status: 409,
        code: 'CONFLICT',
        detail: expect.stringContaining('no password yet'),
      });
    }
    expect(counting.verifications() - verified).toBe(0);
    expect(counting.hashes() - hashed).toBe(0);
    // Not locked out: once the link set a password, that address signs in at the first try.
    await setPasswordByLink(email, PASSWORD);
    expect((await loginFrom(email, PASSWORD, ip)).status).toBe(200);
  });

  // The attacker holds a stolen access token of an account that has no password.
  it('never sets a password: only the emailed link does', async () => {
    const { email, accessToken } = await providerAccount();
    const ip = randomIp();
    // An empty current password, as '' is what the account stores, is invalid input, not a match.
    const empty = await change(accessToken, '', ip);
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'currentPassword' }] });
    expect((await change(accessToken, NEW_PASSWORD, ip)).status).toBe(409);
    // Neither attempt gave the account a password.
    expect((await loginFrom(email, NEW_PASSWORD, ip)).status).toBe(401);
    expect(await hasPassword(accessToken)).toBe(false);
    const events = await request('/api/auth/events', { headers: { Authorization: `Bearer ${accessToken}` } });
    const types = ((await events.json()) as { events: { type: string }[] }).events.map((event) => event.type);
    expect(types).not.toContain('password.changed');
  });

  it('tells nothing about any other account: the same answer for every caller, naming no one', async () => {
    const first = await providerAccount();
    const second = await providerAccount();
    const bodies = await Promise.all(
      [first, second].map(async ({ accessToken }) => (await change(accessToken, 'whatever', randomIp())).text()),
    );
    expect(bodies[0]).toBe(bodies[1]);
    for (const { email } of [first, second]) expect(bodies[0]).not.toContain(email);
    // A password account still gets the usual answer about its own current password.
    const session = await auth.login((await auth.register()).email);
    const wrong = await change(session.accessToken, 'not the password', randomIp());
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'currentPassword' }] });
  });
});
