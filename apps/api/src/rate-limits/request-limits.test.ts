import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { json, ORIGIN, PASSWORD, refreshCookieOf, uniqueEmail } from '../../test/auth-client.ts';
import { expectRateLimited, limitedApp, productionConfig, randomIp } from '../../test/limits-test-app.ts';
import { testApp } from '../../test/test-app.ts';
import { loadConfig } from '../config/config.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { createRestStore } from '../store/rest-store.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('per-IP request limits', () => {
  it('allows 100 requests in 10 s to any /api route, then answers 429 before routing, until the window ends', async () => {
    const { request, from, clock } = limitedApp();
    const ip = randomIp();
    const paths = ['/api/health', '/api/no-such-route', '/api/auth/me'];
    for (let i = 0; i < 100; i += 1) {
      const response = await request(paths[i % paths.length] ?? '', from(ip));
      expect(response.status).not.toBe(429);
    }
    // A route that does not exist answers 429, not 404: the limit runs before anything else.
    const retryAfter = await expectRateLimited(await request('/api/no-such-route', from(ip)));
    // The sliding window still weighs the whole previous window at its very end: one second past it.
    expect(retryAfter).toBe(11);

    clock.advance(9_999);
    await expectRateLimited(await request('/api/health', from(ip)));
    clock.advance(retryAfter * 1000 - 9_999);
    expect((await request('/api/health', from(ip))).status).toBe(200);
  });

  // The global limit runs alongside a read's own Redis reads (one round trip); its refusal must
  // still replace the answer entirely.
  it('answers a refused authenticated read with the 429 alone, never with its data', async () => {
    const { request, from } = limitedApp();
    const ip = randomIp();
    const email = uniqueEmail('limited-read');
    await request('/api/auth/register', from(ip, json({ email, password: PASSWORD, name: 'R' })));
    const login = await request('/api/auth/login', from(ip, json({ email, password: PASSWORD })));
    const { accessToken } = (await login.json()) as { accessToken: string };
    const me = () => request('/api/auth/me', from(ip, { headers: { Authorization: `Bearer ${accessToken}` } }));
    expect((await me()).status).toBe(200);
    for (let i = 0; i < 100; i += 1) await request('/api/health', from(ip));
    const refused = await me();
    await expectRateLimited(refused.clone());
    expect(await refused.text()).not.toContain(email);
  });

  it('keeps a bucket per IP, and one per IPv6 /64', async () => {
    const { request, from } = limitedApp({ RATE_LIMIT_GLOBAL_MAX: 2 });
    const ip = randomIp();
    const [a, b] = [crypto.randomUUID().slice(0, 4), crypto.randomUUID().slice(0, 4)];
    for (const address of [ip, ip, `2001:db8:${a}:${b}::1`, `2001:db8:${a}:${b}:ffff::2`]) {
      expect((await request('/api/health', from(address))).status).toBe(200);
    }
    await expectRateLimited(await request('/api/health', from(ip)));
    // The same subscriber's next address in its /64 shares the bucket; a neighbour's address does not.
    await expectRateLimited(await request('/api/health', from(`2001:db8:${a}:${b}:1234:5678:9abc:def0`)));
    expect((await request('/api/health', from(randomIp()))).status).toBe(200);
    expect((await request('/api/health', from(`2001:db8:${a}:${b === 'ffff' ? 'fffe' : 'ffff'}::1`))).status).toBe(200);
  });

  it('allows 5 login attempts in 10 s per IP, whatever their bodies, and refuses the 6th without checking the password', async () => {
    const { login, request, from, register, clock, verifications } = limitedApp();
    const email = await register();
    const ip = randomIp();
    expect((await request('/api/auth/login', from(ip, json({ email })))).status).toBe(400);
    for (let i = 0; i < 4; i += 1) expect((await login(email, 'wrong password', ip)).status).toBe(401);
    const before = verifications();

    expect(await expectRateLimited(await login(email, PASSWORD, ip))).toBe(11);
    expect(verifications()).toBe(before);
    expect((await login(email, PASSWORD, randomIp())).status).toBe(200);

    clock.advance(11_000);
    expect((await login(email, PASSWORD, ip)).status).toBe(200);
  });

  it('allows 5 registrations a minute per IP; the 6th is refused and creates nothing', async () => {
    const { request, from, clock } = limitedApp();
    const ip = randomIp();
    const register = (email: string) =>
      request('/api/auth/register', from(ip, json({ email, password: PASSWORD, name: 'Spam' })));
    for (let i = 0; i < 5; i += 1) expect((await register(uniqueEmail('burst'))).status).toBe(201);
    const refused = uniqueEmail('refused');
    expect(await expectRateLimited(await register(refused))).toBe(61);

    clock.advance(61_000);
    // Had the refused request reached the handler, this would be 409.
    expect((await register(refused)).status).toBe(201);
  });

  it('allows 30 refreshes a minute per IP; the 31st is refused and rotates nothing', async () => {
    const { request, from, login, register, clock } = limitedApp();
    const email = await register();
    const signedIn = await login(email, PASSWORD, randomIp());
    const token = refreshCookieOf(signedIn) ?? '';
    const ip = randomIp();
    const refresh = (cookie: string) =>
      request(
        '/api/auth/refresh',
        from(ip, json({}, { Cookie: `__Secure-refresh=${cookie}`, Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' })),
      );
    for (let i = 0; i < 30; i += 1) expect((await refresh('garbage')).status).toBe(401);

    const refused = await refresh(token);
    await expectRateLimited(refused);
    expect(refused.headers.getSetCookie()).toEqual([]);

    clock.advance(61_000);
    const rotated = await refresh(token);
    // A rotation by the refused request would make this a replay of a stale token.
    expect(rotated.status).toBe(200);
    expect(refreshCookieOf(rotated)).toBeTruthy();
  });

  it('under a burst of 20 concurrent refreshes with one cookie, rotates at most once and only within the limit', async () => {
    // A refused request must not rotate even when it races admitted ones, or its client would be
    // left holding a stale token.
    const { request, from, login, register, clock } = limitedApp({ RATE_LIMIT_REFRESH_MAX: 5 });
    const email = await register();
    const token = refreshCookieOf(await login(email, PASSWORD, randomIp())) ?? '';
    const ip = randomIp();
    const refresh = (cookie: string) =>
      request(
        '/api/auth/refresh',
        from(ip, json({}, { Cookie: `__Secure-refresh=${cookie}`, Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' })),
      );
    const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(token)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array<number>(5).fill(200), ...Array<number>(15).fill(429)]);
    const rotatedTo = answers.map(refreshCookieOf).filter((cookie): cookie is string => cookie !== null);
    expect(rotatedTo).toHaveLength(1); // one rotation, four grace answers
    for (const answer of answers.filter((candidate) => candidate.status === 429)) {
      expect(answer.headers.getSetCookie()).toEqual([]);
    }

    // The one lineage goes on once the window has passed, and the old token is not reusable.
    clock.advance(61_000);
    expect((await refresh(rotatedTo[0] ?? '')).status).toBe(200);
  });

  it('gives the password endpoints one budget of 5 a minute per IP', async () => {
    const { request, from, clock } = limitedApp();
    const ip = randomIp();
    const forgot = () => request('/api/auth/password/forgot', from(ip, json({ email: uniqueEmail('forgot') })));
    for (let i = 0; i < 4; i += 1) expect((await forgot()).status).toBe(202);
    const reset = request('/api/auth/password/reset', from(ip, json({ token: 'x', password: 'long enough' })));
    expect((await reset).status).toBe(400);
    await expectRateLimited(await forgot());
    await expectRateLimited(
      await request('/api/auth/password/reset', from(ip, json({ token: 'x', password: 'long enough' }))),
    );
    clock.advance(61_000);
    expect((await forgot()).status).toBe(202);
  });

  it('allows 5 verification-email resends per IP in 10 minutes', async () => {
    const { request, from, clock } = limitedApp();
    const ip = randomIp();
    const resend = () => request('/api/auth/verify-email/resend', from(ip, json({ email: uniqueEmail('resend') })));
    for (let i = 0; i < 5; i += 1) expect((await resend()).status).toBe(202);
    expect(await expectRateLimited(await resend())).toBe(601);
    clock.advance(601_000);
    expect((await resend()).status).toBe(202);
  });

  it('defaults to the documented limits, and reads each from the environment', () => {
    expect(productionConfig).toMatchObject({
      RATE_LIMIT_GLOBAL_MAX: 100,
      RATE_LIMIT_GLOBAL_WINDOW_SECONDS: 10,
      RATE_LIMIT_LOGIN_MAX: 5,
      RATE_LIMIT_LOGIN_WINDOW_SECONDS: 10,
      LOGIN_LOCKOUT_THRESHOLD: 10,
      LOGIN_LOCKOUT_SECONDS: 900,
      LOGIN_ACCOUNT_MAX_FAILURES: 100,
      LOGIN_ACCOUNT_WINDOW_SECONDS: 3600,
    });
    const config = loadConfig({ ...env, RATE_LIMIT_REFRESH_MAX: '7', LOGIN_LOCKOUT_SECONDS: '60' });
    expect([config.RATE_LIMIT_REFRESH_MAX, config.LOGIN_LOCKOUT_SECONDS]).toEqual([7, 60]);
    expect(() => loadConfig({ ...env, RATE_LIMIT_LOGIN_MAX: '0' })).toThrow(/RATE_LIMIT_LOGIN_MAX/);
  });
});

describe('a limit declared on a route', () => {
  // A route declares its limit and limitRequests enforces it: mounted where limitRequests does not
  // run, the route would be unlimited without a word.
  it('refuses to run the route where nothing checks it', async () => {
    const app = new Hono().post('/unguarded', rateLimit('login'), (c) => c.text('ran'));
    const response = await app.request('/unguarded', { method: 'POST' });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toBe('ran');
  });
});

describe('per-IP request limits when Redis is away', () => {
  it('fail closed: 503 STORE_UNAVAILABLE, never the route', async () => {
    const { request } = testApp({ store: createRestStore({ url: 'http://127.0.0.1:1', token: 't', timeoutMs: 1500 }) });
    const response = await request('/api/no-such-route', { headers: { 'CF-Connecting-IP': randomIp() } });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  // Regression guard: @upstash/ratelimit's own timeout (5 s by default) answers "allowed" when
  // Redis is slow. With it on, a Redis slower than that would switch every limit off.
  it('do not let requests through when Redis is slower than the library’s own timeout', async () => {
    const { request } = testApp({
      store: createRestStore({ url: inject('hangingUrl'), token: 't', timeoutMs: 5_500 }),
    });
    const response = await request('/api/no-such-route', { headers: { 'CF-Connecting-IP': randomIp() } });
    expect(response.status).toBe(503);
  }, 10_000);
});
