import { describe, expect, it } from 'vitest';
import { authClient, json, laptop, ORIGIN, phone, refreshCookieOf } from '../../test/auth-client.ts';
import { tokenFromOutbox } from '../../test/outbox.ts';
import { manualClock, testApp } from '../../test/test-app.ts';

const { request } = testApp();
const client = authClient(request);

async function threeDevices() {
  const { email } = await client.register();
  const a = await client.login(email, laptop);
  const b = await client.login(email, phone);
  const c = await client.login(email, laptop);
  return { a, b, c };
}

const logoutWithBearer = (accessToken: string, scope?: string) =>
  request('/api/auth/logout', json(scope ? { scope } : {}, { Authorization: `Bearer ${accessToken}` }));

const status = async (accessToken: string) => (await client.me(accessToken)).status;

describe('POST /api/auth/logout', () => {
  it('ends only the current session by default, and clears the cookie', async () => {
    const { a, b } = await threeDevices();
    const response = await logoutWithBearer(a.accessToken);
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie().join()).toMatch(/__Secure-refresh=;.*Max-Age=0/);
    expect(await status(a.accessToken)).toBe(401);
    expect(await status(b.accessToken)).toBe(200);
    expect((await client.refresh(a.refreshToken)).status).toBe(401);
  });

  it('ends every other session with scope "others", keeping this one and its cookie', async () => {
    const { a, b, c } = await threeDevices();
    const response = await logoutWithBearer(a.accessToken, 'others');
    expect(response.status).toBe(204);
    expect(refreshCookieOf(response)).toBeNull();
    expect([await status(a.accessToken), await status(b.accessToken), await status(c.accessToken)]).toEqual([
      200, 401, 401,
    ]);
  });

  it('ends every session including this one with scope "all"', async () => {
    const { a, b, c } = await threeDevices();
    expect((await logoutWithBearer(b.accessToken, 'all')).status).toBe(204);
    for (const session of [a, b, c]) expect(await status(session.accessToken)).toBe(401);
  });

  it('works with the refresh cookie alone, for a client whose access token has expired', async () => {
    const { a, b } = await threeDevices();
    const response = await request(
      '/api/auth/logout',
      json({ scope: 'current' }, { Cookie: `__Secure-refresh=${a.refreshToken}`, Origin: ORIGIN }),
    );
    expect(response.status).toBe(204);
    expect(await status(a.accessToken)).toBe(401);
    expect(await status(b.accessToken)).toBe(200);
  });

  it('refuses a cross-site cookie logout with 403 and ends nothing', async () => {
    const { a } = await threeDevices();
    const response = await request(
      '/api/auth/logout',
      json({ scope: 'all' }, { Cookie: `__Secure-refresh=${a.refreshToken}`, Origin: 'https://evil.example' }),
    );
    expect(response.status).toBe(403);
    expect(await status(a.accessToken)).toBe(200);
  });

  it('refuses an unknown scope with 400', async () => {
    const { a } = await threeDevices();
    const response = await logoutWithBearer(a.accessToken, 'everyone');
    expect(response.status).toBe(400);
    expect(await status(a.accessToken)).toBe(200);
  });
});

describe('POST /api/auth/logout with the refresh cookie: only a live token ends anything', () => {
  const clock = manualClock();
  const { request } = testApp({ now: clock.now });
  const client = authClient(request);
  const logoutWithCookie = (cookie: string, scope = 'all') =>
    request('/api/auth/logout', json({ scope }, { Cookie: cookie, Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' }));
  const code = async (response: Response) => ((await response.json()) as { code: string }).code;

  // Broke: the cookie of a session already logged out still passed scope "all" and ended the user's new sessions.
  it('refuses the cookie of a logged-out session with 401 and ends none of the sessions started since', async () => {
    const { email } = await client.register();
    const old = await client.login(email, laptop);
    expect((await logoutWithBearer(old.accessToken)).status).toBe(204);
    const fresh = await client.login(email, phone);
    const response = await logoutWithCookie(`__Secure-refresh=${old.refreshToken}`);
    expect(response.status).toBe(401);
    expect(await code(response)).toBe('UNAUTHENTICATED');
    expect(await status(fresh.accessToken)).toBe(200);
    expect((await client.refresh(fresh.refreshToken)).status).toBe(200);
  });

  // Broke: a cookie kept from before a password reset could still sign the user out of every new session.
  it('refuses the cookie of a session a password reset ended, and the new sessions stay', async () => {
    const { email } = await client.register();
    const stolen = await client.login(email, laptop);
    await request('/api/auth/password/forgot', json({ email }));
    const token = await tokenFromOutbox(request, email, 'Reset your password');
    const newPassword = 'a brand new passphrase';
    expect((await request('/api/auth/password/reset', json({ token, password: newPassword }))).status).toBe(204);
    const fresh = await client.login(email, phone, newPassword);
    for (const scope of ['all', 'others', 'current']) {
      expect((await logoutWithCookie(`__Secure-refresh=${stolen.refreshToken}`, scope)).status).toBe(401);
    }
    expect(await status(fresh.accessToken)).toBe(200);
  });

  // Broke: a rotated-out token (two generations back) still logged the user out everywhere.
  it('refuses a token two rotations old with 401 and ends nothing, the session included', async () => {
    const { email } = await client.register();
    const a = await client.login(email, laptop);
    const b = await client.login(email, phone);
    clock.advance(11_000);
    const second = refreshCookieOf(await client.refresh(a.refreshToken)) ?? '';
    clock.advance(11_000);
    const third = refreshCookieOf(await client.refresh(second)) ?? '';
    expect((await logoutWithCookie(`__Secure-refresh=${a.refreshToken}`)).status).toBe(401);
    expect([await status(a.accessToken), await status(b.accessToken)]).toEqual([200, 200]);
    // The live lineage is untouched: its current token still rotates.
    clock.advance(11_000);
    expect(refreshCookieOf(await client.refresh(third))).toBeTruthy();
  });

  it('accepts the current token, and the one just before it (a rotation whose answer the client lost)', async () => {
    const { email } = await client.register();
    const a = await client.login(email, laptop);
    const b = await client.login(email, phone);
    clock.advance(11_000);
    expect(refreshCookieOf(await client.refresh(a.refreshToken))).toBeTruthy();
    clock.advance(60_000);
    expect((await logoutWithCookie(`__Secure-refresh=${a.refreshToken}`, 'current')).status).toBe(204);
    expect([await status(a.accessToken), await status(b.accessToken)]).toEqual([401, 200]);
    const response = await logoutWithCookie(`__Secure-refresh=${b.refreshToken}`, 'all');
    expect(response.status).toBe(204);
    expect(await status(b.accessToken)).toBe(401);
  });

  // Broke: with two refresh cookies (one tossed in from a sibling subdomain) the first was used.
  it('refuses two refresh cookies with 401 and ends neither session', async () => {
    const victim = await client.login((await client.register()).email, laptop);
    const attacker = await client.login((await client.register()).email, phone);
    for (const cookie of [
      `__Secure-refresh=${victim.refreshToken}; __Secure-refresh=${attacker.refreshToken}`,
      `__Secure-refresh=${attacker.refreshToken}; theme=dark; __Secure-refresh=${victim.refreshToken}`,
      `__Secure-refresh=${victim.refreshToken}; __Secure-refresh=`,
    ]) {
      const response = await logoutWithCookie(cookie);
      expect(response.status).toBe(401);
      expect(await code(response)).toBe('UNAUTHENTICATED');
      // Nothing is cleared either: a Set-Cookie could only remove the user's own, good cookie.
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    expect([await status(victim.accessToken), await status(attacker.accessToken)]).toEqual([200, 200]);
  });
});
