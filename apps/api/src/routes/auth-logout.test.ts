import { describe, expect, it } from 'vitest';
import { authClient, json, laptop, ORIGIN, phone, refreshCookieOf } from '../../test/auth-client.ts';
import { testApp } from '../../test/test-app.ts';

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
