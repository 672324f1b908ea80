import { describe, expect, inject, it } from 'vitest';
import { testApp } from '../../test/test-app.ts';
import { createRestStore } from '../store/rest-store.ts';

describe('GET /api/health', () => {
  it('answers 200 ok when Redis answers', async () => {
    const { request } = testApp();
    const response = await request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 STORE_UNAVAILABLE within 2 s when nothing listens on the Redis port', async () => {
    const { request } = testApp({ store: createRestStore({ url: 'http://127.0.0.1:1', token: 't', timeoutMs: 1500 }) });
    const started = Date.now();
    const response = await request('/api/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers 503 within 2 s when Redis accepts but never answers', async () => {
    const { request } = testApp({ store: createRestStore({ url: inject('hangingUrl'), token: 't', timeoutMs: 1500 }) });
    const started = Date.now();
    const response = await request('/api/health');
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe('1');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
