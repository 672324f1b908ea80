import { describe, expect, it } from 'vitest';
import { authClient, json, laptop, ORIGIN, phone, refreshCookieOf } from '../../test/auth-client.ts';
import { manualClock, testApp } from '../../test/test-app.ts';

const clock = manualClock();
const { request } = testApp({ now: clock.now });
const client = authClient(request);

const refreshWithCookie = (cookie: string) =>
  request('/api/auth/refresh', json({}, { Cookie: cookie, Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' }));

/**
 * A page on a sibling subdomain sets `__Secure-refresh=…; Domain=<parent>; Path=/api/auth/refresh`
 * and the browser sends it beside the user's own cookie (first, its Path being longer): the
 * attacker's session would be the one refreshed, signing the victim into the attacker's account.
 */
describe('POST /api/auth/refresh with two refresh cookies (cookie tossing)', () => {
  // Broke: the first of the two cookies was taken, and its session rotated.
  it('answers 401 UNAUTHENTICATED, rotates neither session and sets no cookie', async () => {
    const victim = await client.login((await client.register()).email, laptop);
    const attacker = await client.login((await client.register()).email, phone);
    for (const cookie of [
      `__Secure-refresh=${attacker.refreshToken}; __Secure-refresh=${victim.refreshToken}`,
      `__Secure-refresh=${victim.refreshToken}; lang=en; __Secure-refresh=${attacker.refreshToken}`,
      // The same token twice is still two cookies: which jar each came from is unknowable.
      `__Secure-refresh=${victim.refreshToken}; __Secure-refresh=${victim.refreshToken}`,
    ]) {
      const response = await refreshWithCookie(cookie);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    // Neither token was rotated: each still rotates now (a rotated one would get a grace answer,
    // without a cookie), and neither counts as reused.
    clock.advance(11_000);
    for (const session of [victim, attacker]) {
      const response = await client.refresh(session.refreshToken);
      expect(response.status).toBe(200);
      expect(refreshCookieOf(response)).toBeTruthy();
    }
  });

  it('still takes a single cookie among other cookies', async () => {
    const session = await client.login((await client.register()).email, laptop);
    const response = await refreshWithCookie(`theme=dark; __Secure-refresh=${session.refreshToken}; lang=en`);
    expect(response.status).toBe(200);
    expect(refreshCookieOf(response)).toBeTruthy();
  });
});
