import { describe, expect, it } from 'vitest';
import { authClient, laptop, phone } from '../../test/auth-client.ts';
import { manualClock, testApp } from '../../test/test-app.ts';

const clock = manualClock();
const { request } = testApp({ now: clock.now });
const client = authClient(request);
const bearer = (accessToken: string) => ({ headers: { Authorization: `Bearer ${accessToken}` } });

interface SessionView {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ip: string;
  device: { browser: string; os: string };
}

describe('GET /api/sessions', () => {
  it('lists the caller’s sessions, most recently seen first, marking the current one', async () => {
    const { email } = await client.register();
    const first = await client.login(email, laptop);
    clock.advance(4 * 60_000);
    const second = await client.login(email, phone);
    clock.advance(4 * 60_000);
    // Using the first session again makes it the most recently seen.
    expect((await client.me(first.accessToken)).status).toBe(200);

    const response = await request('/api/sessions', bearer(first.accessToken));
    expect(response.status).toBe(200);
    const { sessions } = (await response.json()) as { sessions: SessionView[] };
    expect(sessions.map((session) => [session.ip, session.current])).toEqual([
      [laptop.ip, true],
      [phone.ip, false],
    ]);
    expect(second.device).toBe(phone);
    expect(sessions[0]?.device).toEqual({ browser: 'Chrome 131', os: 'Linux' });
    expect(Date.parse(sessions[0]?.lastSeenAt ?? '')).toBeGreaterThan(Date.parse(sessions[1]?.lastSeenAt ?? ''));
  });

  it('needs a bearer token', async () => {
    const response = await request('/api/sessions');
    expect(response.status).toBe(401);
    expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
  });
});

describe('DELETE /api/sessions/:id', () => {
  it('signs one of the caller’s own sessions out', async () => {
    const { email } = await client.register();
    const mine = await client.login(email, laptop);
    const other = await client.login(email, phone);
    const { sessions } = (await (await request('/api/sessions', bearer(mine.accessToken))).json()) as {
      sessions: SessionView[];
    };
    const target = sessions.find((session) => !session.current);
    const response = await request(`/api/sessions/${target?.id}`, { method: 'DELETE', ...bearer(mine.accessToken) });
    expect(response.status).toBe(204);
    expect((await client.me(other.accessToken)).status).toBe(401);
    expect((await client.refresh(other.refreshToken)).status).toBe(401);
    expect((await client.me(mine.accessToken)).status).toBe(200);

    // The user's record names the device that was signed out, as the devices list showed it.
    const { events } = (await (await request('/api/auth/events', bearer(mine.accessToken))).json()) as {
      events: { type: string; device?: string }[];
    };
    expect(events.find((event) => event.type === 'sessions.revoked')).toMatchObject({
      device: `${target?.device.browser} on ${target?.device.os}`,
    });
    expect(target?.device.browser).toBeTruthy();
  });

  it('answers 404 for another user’s session and leaves it alone', async () => {
    const alice = await client.login((await client.register()).email);
    const bob = await client.login((await client.register()).email);
    const { sessions } = (await (await request('/api/sessions', bearer(bob.accessToken))).json()) as {
      sessions: SessionView[];
    };
    const bobsSession = sessions[0]?.id;
    const response = await request(`/api/sessions/${bobsSession}`, { method: 'DELETE', ...bearer(alice.accessToken) });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await client.me(bob.accessToken)).status).toBe(200);
  });

  it('answers 404 for a session id that never existed', async () => {
    const alice = await client.login((await client.register()).email);
    const response = await request('/api/sessions/nope-nope-nope-nope', {
      method: 'DELETE',
      ...bearer(alice.accessToken),
    });
    expect(response.status).toBe(404);
  });
});

describe('session bookkeeping', () => {
  it('writes lastSeenAt at most once per touch interval', async () => {
    const { email } = await client.register();
    const session = await client.login(email);
    const lastSeen = async () => {
      const { sessions } = (await (await request('/api/sessions', bearer(session.accessToken))).json()) as {
        sessions: SessionView[];
      };
      return sessions[0]?.lastSeenAt;
    };
    const atLogin = await lastSeen();
    clock.advance(30_000);
    expect(await lastSeen()).toBe(atLogin);
    clock.advance(31_000);
    const touched = await lastSeen();
    expect(Date.parse(touched ?? '') - Date.parse(atLogin ?? '')).toBe(61_000);
  });

  it('records the location Cloudflare attaches to the request', async () => {
    const { email } = await client.register();
    const response = await request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery staple' }),
      cf: { city: 'Lisbon', country: 'PT' },
    } as RequestInit);
    const { accessToken } = (await response.json()) as { accessToken: string };
    const { sessions } = (await (await request('/api/sessions', bearer(accessToken))).json()) as {
      sessions: (SessionView & { location?: string })[];
    };
    expect(sessions[0]?.location).toBe('Lisbon, PT');
  });
});

describe('session storage', () => {
  it('keeps a long user agent intact while the session hash stays in Redis’s compact encoding', async () => {
    const { deps, request: req } = testApp();
    const longAgent = `Mozilla/5.0 (X11; Linux x86_64) ${'AppleWebKit/537.36 (KHTML, like Gecko) '.repeat(6)}Chrome/131.0.0.0`;
    const c = authClient(req);
    const { email, userId } = await c.register();
    const session = await c.login(email, { ip: '2001:db8::1', userAgent: longAgent });
    const { sessions } = (await (await req('/api/sessions', bearer(session.accessToken))).json()) as {
      sessions: (SessionView & { userAgent: string })[];
    };
    expect(sessions[0]?.userAgent).toBe(longAgent);
    const key = `pc:{u:${userId}}:s:${sessions[0]?.id}`;
    // listpack is the compact encoding; one value over 64 bytes would turn the hash into a hashtable.
    expect(await deps.store.send(['OBJECT', 'ENCODING', key])).toBe('listpack');
  });
});
