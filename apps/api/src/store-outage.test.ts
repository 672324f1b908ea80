import { describe, expect, inject, it } from 'vitest';
import { authClient, json, PASSWORD } from '../test/auth-client.ts';
import { switchableStore } from '../test/switchable-store.ts';
import { testApp } from '../test/test-app.ts';
import { createRestStore } from './store/rest-store.ts';

describe('when Redis becomes unreachable', () => {
  it('answers 503 STORE_UNAVAILABLE within 2 s, never 200 on a protected route, and recovers by itself', async () => {
    const base = testApp();
    const store = switchableStore(base.deps.store);
    const { request } = testApp({ store });
    const client = authClient(request);
    const { email } = await client.register();
    const session = await client.login(email);
    expect((await client.me(session.accessToken)).status).toBe(200);

    // Cut Redis off: a port nothing listens on, then one that accepts and never answers.
    for (const dead of [
      createRestStore({ url: 'http://127.0.0.1:1', token: 't', timeoutMs: 1500 }),
      createRestStore({ url: inject('hangingUrl'), token: 't', timeoutMs: 1500 }),
    ]) {
      store.switchTo(dead);
      const attempts: [string, () => Response | Promise<Response>][] = [
        ['me', () => client.me(session.accessToken)],
        ['sessions', () => request('/api/sessions', { headers: { Authorization: `Bearer ${session.accessToken}` } })],
        ['refresh', () => client.refresh(session.refreshToken)],
        ['login', () => request('/api/auth/login', json({ email, password: PASSWORD }))],
        ['health', () => request('/api/health')],
      ];
      for (const [name, attempt] of attempts) {
        const started = Date.now();
        const response = await attempt();
        expect(response.status, name).toBe(503);
        expect(await response.json(), name).toMatchObject({ code: 'STORE_UNAVAILABLE' });
        expect(Date.now() - started, name).toBeLessThan(2_000);
      }
    }

    // Redis is back: the same app serves again, and the session survived.
    store.switchTo(base.deps.store);
    expect((await client.me(session.accessToken)).status).toBe(200);
    expect((await client.refresh(session.refreshToken)).status).toBe(200);
    // Ten requests that each wait out the store deadline: longer than the default test timeout.
  }, 30_000);
});

describe('security headers', () => {
  const { request } = testApp();

  it('sets strict headers and no-store on API answers, errors included', async () => {
    for (const path of ['/api/health', '/api/nope']) {
      const response = await request(path);
      expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(response.headers.get('X-Frame-Options')).toBe('DENY');
      expect(response.headers.get('Cache-Control')).toBe('no-store');
    }
  });

  it('lets verifiers cache the JWKS', async () => {
    const response = await request('/.well-known/jwks.json');
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=300');
  });

  it('keeps CORS closed when no origins are configured', async () => {
    const response = await request('/api/health', { headers: { Origin: 'https://elsewhere.example' } });
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const preflight = await request('/api/auth/login', {
      method: 'OPTIONS',
      headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('opens CORS, with credentials, to listed origins only', async () => {
    const { request: listed, deps } = testApp();
    deps.config.ALLOWED_ORIGINS = ['https://app.example'];
    const ok = await listed('/api/health', { headers: { Origin: 'https://app.example' } });
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('https://app.example');
    expect(ok.headers.get('Access-Control-Allow-Credentials')).toBe('true');
    const other = await listed('/api/health', { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});
