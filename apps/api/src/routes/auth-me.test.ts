import { describe, expect, it } from 'vitest';
import { authClient } from '../../test/auth-client.ts';
import { testApp } from '../../test/test-app.ts';

const { request } = testApp();
const client = authClient(request);

describe('GET /api/auth/me', () => {
  it('answers the user (id = token sub), the session, platform role, orgs and a permissions version', async () => {
    const { email, userId, createdAt } = await client.register();
    const session = await client.login(email);
    const response = await client.me(session.accessToken);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    const payload = JSON.parse(
      atob((session.accessToken.split('.')[1] ?? '').replaceAll('-', '+').replaceAll('_', '/')),
    );
    expect(body).toEqual({
      user: expect.objectContaining({ id: userId, email, emailVerified: false, createdAt }),
      session: { id: payload.sid },
      platformRole: 'user',
      orgs: [],
      permissionsVersion: expect.any(String),
    });
    expect(payload.sub).toBe(userId);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a non-bearer scheme', 'Basic dXNlcjpwYXNz'],
    ['garbage', 'Bearer not.a.jwt'],
    ['an empty bearer', 'Bearer '],
  ])('answers %s with 401 UNAUTHENTICATED and a Bearer challenge', async (_, authorization) => {
    const response = await request('/api/auth/me', authorization ? { headers: { Authorization: authorization } } : {});
    expect(response.status).toBe(401);
    expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer /);
    expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers a valid token whose session was revoked with 401 SESSION_REVOKED', async () => {
    const { email } = await client.register();
    const session = await client.login(email);
    await request('/api/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.accessToken}` },
      body: '{}',
    });
    const response = await client.me(session.accessToken);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'SESSION_REVOKED' });
  });
});
