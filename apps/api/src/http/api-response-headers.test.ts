import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';
import { authClient } from '../../test/auth-client.ts';
import { testApp } from '../../test/test-app.ts';
import { API_SECURITY_HEADERS } from './api-response-headers.ts';

const headersOf = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => !['content-length', 'date'].includes(name)));

describe('the API’s response headers', () => {
  it('are exactly what hono/secure-headers sets with our options', async () => {
    const app = new Hono()
      .use(
        secureHeaders({
          contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
          crossOriginResourcePolicy: 'same-origin',
          crossOriginOpenerPolicy: 'same-origin',
          referrerPolicy: 'no-referrer',
          strictTransportSecurity: 'max-age=63072000; includeSubDomains',
          xFrameOptions: 'DENY',
        }),
      )
      .get('/', (c) => c.body(null, 204));
    const { 'content-type': _none, ...headers } = headersOf(await app.request('/'));
    expect(headers).toEqual(API_SECURITY_HEADERS);
  });

  it('are the same on /me as on any other answer, errors included', async () => {
    const { request } = testApp();
    const client = authClient(request);
    const { accessToken } = await client.login((await client.register()).email);
    const auth = { headers: { Authorization: `Bearer ${accessToken}` } };
    const answers = [
      await request('/api/auth/me', auth),
      await request('/api/sessions', auth),
      await request('/api/auth/me'), // 401
    ];
    const [me, sessions, refused] = answers.map(headersOf);
    for (const headers of [me, sessions, refused]) {
      expect(headers).toMatchObject({ ...API_SECURITY_HEADERS, 'cache-control': 'no-store' });
      expect(headers?.['x-request-id']).toMatch(/^[\w-]{8,}$/);
    }
    expect(me?.['content-type']).toBe('application/json');
    expect(Object.keys(me ?? {}).sort()).toEqual(Object.keys(sessions ?? {}).sort());
    expect(me?.['x-permissions-version']).toBe(sessions?.['x-permissions-version']);
  });

  it('echo a sane X-Request-Id the caller sent, and replace anything else', async () => {
    const { request } = testApp();
    const echoed = await request('/api/health', { headers: { 'X-Request-Id': 'trace-42=a' } });
    expect(echoed.headers.get('X-Request-Id')).toBe('trace-42=a');
    for (const sent of ['has space', 'x'.repeat(256), '<script>']) {
      const replaced = await request('/api/health', { headers: { 'X-Request-Id': sent } });
      expect(replaced.headers.get('X-Request-Id')).not.toBe(sent);
      expect(replaced.headers.get('X-Request-Id')).toMatch(/^[\w-]{36}$/);
    }
  });
});
