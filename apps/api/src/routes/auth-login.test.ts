import { describe, expect, it } from 'vitest';
import { authClient, json, laptop, PASSWORD, phone, refreshCookieOf, uniqueEmail } from '../../test/auth-client.ts';
import { testApp } from '../../test/test-app.ts';

describe('POST /api/auth/login', () => {
  const { request } = testApp();
  const client = authClient(request);

  it('answers an access token, the user, and the refresh cookie with exactly the contract attributes', async () => {
    const { email, userId } = await client.register();
    const response = await request('/api/auth/login', json({ email, password: PASSWORD }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresIn: 600,
      user: expect.objectContaining({ id: userId, email }),
    });
    // The refresh cookie, and the device cookie that exempts this browser from lockout-DoS.
    const cookies = response.headers.getSetCookie();
    expect(cookies.map((cookie) => cookie.split('=')[0]).sort()).toEqual(['__Secure-device', '__Secure-refresh']);
    const refresh = cookies.find((cookie) => cookie.startsWith('__Secure-refresh='));
    const attributes = (refresh ?? '').split(';').map((part) => part.trim());
    expect(attributes[0]).toMatch(/^__Secure-refresh=.{60,}$/);
    expect(attributes.slice(1).sort()).toEqual(
      ['HttpOnly', 'Max-Age=2592000', 'Path=/api/auth', 'SameSite=Strict', 'Secure'].sort(),
    );
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const { email } = await client.register();
    const wrong = await request('/api/auth/login', json({ email, password: 'wrong password!' }));
    const unknown = await request('/api/auth/login', json({ email: uniqueEmail('ghost'), password: PASSWORD }));
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(refreshCookieOf(response)).toBeNull();
    }
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const { email } = await client.register();
    const response = await request('/api/auth/login', json({ email: ` ${email.toUpperCase()}`, password: PASSWORD }));
    expect(response.status).toBe(200);
  });

  it('refuses a malformed login body with 400, not 401 or 500', async () => {
    for (const body of [{}, { email: 'x@example.test' }, { email: 5, password: [] }]) {
      const response = await request('/api/auth/login', json(body));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('records the device: IP, user agent, browser and OS', async () => {
    const { email } = await client.register();
    const session = await client.login(email, phone);
    const response = await request('/api/sessions', { headers: { Authorization: `Bearer ${session.accessToken}` } });
    const { sessions } = (await response.json()) as { sessions: Record<string, unknown>[] };
    expect(sessions).toEqual([
      expect.objectContaining({
        current: true,
        ip: phone.ip,
        userAgent: phone.userAgent,
        device: { browser: 'Safari 17', os: 'iOS' },
      }),
    ]);
  });
});

describe('concurrent session limit', () => {
  it('evicts the least recently seen session when the cap is reached (evict-oldest)', async () => {
    const { request, deps } = testApp();
    deps.config.MAX_SESSIONS_PER_USER = 2;
    const client = authClient(request);
    const { email } = await client.register();
    const first = await client.login(email, laptop);
    const second = await client.login(email, phone);
    const third = await client.login(email, laptop);
    expect((await client.me(first.accessToken)).status).toBe(401);
    expect((await client.me(second.accessToken)).status).toBe(200);
    expect((await client.me(third.accessToken)).status).toBe(200);
  });

  it('refuses a new login at the cap with 409 when the policy is refuse, keeping existing sessions', async () => {
    const { request, deps } = testApp();
    deps.config.MAX_SESSIONS_PER_USER = 1;
    deps.config.SESSION_LIMIT_POLICY = 'refuse';
    const client = authClient(request);
    const { email } = await client.register();
    const first = await client.login(email);
    const refused = await request('/api/auth/login', json({ email, password: PASSWORD }));
    expect(refused.status).toBe(409);
    expect(refreshCookieOf(refused)).toBeNull();
    expect((await client.me(first.accessToken)).status).toBe(200);
  });
});
