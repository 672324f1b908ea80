import { describe, expect, it } from 'vitest';
import { authClient, json, laptop, ORIGIN, phone, refreshCookieOf } from '../../test/auth-client.ts';
import { outboxOf } from '../../test/outbox.ts';
import { manualClock, testApp } from '../../test/test-app.ts';

const THEFT_ALERT = 'We signed you out everywhere';

function setup() {
  const clock = manualClock();
  const app = testApp({ now: clock.now });
  return { ...app, clock, client: authClient(app.request) };
}

async function problemCode(response: Response): Promise<string> {
  expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  return ((await response.json()) as { code: string }).code;
}

/** Rotates `times` times, moving past the grace window each time; returns every token seen. */
async function rotateChain(
  client: ReturnType<typeof authClient>,
  clock: ReturnType<typeof manualClock>,
  first: string,
  times: number,
): Promise<string[]> {
  const tokens = [first];
  for (let i = 0; i < times; i++) {
    clock.advance(11_000);
    const response = await client.refresh(tokens.at(-1) ?? '');
    expect(response.status).toBe(200);
    tokens.push(refreshCookieOf(response) ?? '');
  }
  return tokens;
}

describe('POST /api/auth/refresh: rotation', () => {
  it('rotates: a new access token and a new refresh cookie, and the new cookie works next time', async () => {
    const { client, clock } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const [, second, third] = await rotateChain(client, clock, session.refreshToken, 2);
    expect(second).not.toBe(session.refreshToken);
    expect(third).not.toBe(second);
    clock.advance(11_000);
    const response = await client.refresh(third ?? '');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 600 });
    expect((await client.me(String(body.accessToken))).status).toBe(200);
  });

  it('answers the immediately previous token within the grace window with 200 and no Set-Cookie', async () => {
    const { client, clock } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const rotated = await client.refresh(session.refreshToken);
    const next = refreshCookieOf(rotated);
    clock.advance(9_000);
    const late = await client.refresh(session.refreshToken);
    expect(late.status).toBe(200);
    expect(late.headers.get('Set-Cookie')).toBeNull();
    const body = (await late.json()) as { accessToken: string };
    expect((await client.me(body.accessToken)).status).toBe(200);
    // The winner's lineage is untouched.
    clock.advance(2_000);
    expect((await client.refresh(next ?? '')).status).toBe(200);
  });

  it('survives 20 concurrent refreshes with one cookie: no 5xx, no reuse, one lineage goes on', async () => {
    const { client, clock } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const responses = await Promise.all(Array.from({ length: 20 }, () => client.refresh(session.refreshToken)));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const newCookies = responses.map(refreshCookieOf).filter((cookie) => cookie !== null);
    expect(newCookies).toHaveLength(1);
    clock.advance(11_000);
    const [lineage] = await rotateChain(client, clock, newCookies[0] ?? '', 3).then((tokens) => tokens.slice(-1));
    expect((await client.refresh(lineage ?? '')).status).toBe(200);
  });
});

describe('POST /api/auth/refresh: reuse detection', () => {
  // A token one rotation old whose successor was never presented is a lost answer, not reuse (see below).
  it.each([2, 3])('revokes every session of the user when a token %i rotations old is replayed', async (age) => {
    const { client, clock, request } = setup();
    const { email } = await client.register();
    const victim = await client.login(email, laptop);
    const otherDevice = await client.login(email, phone);
    const chain = await rotateChain(client, clock, victim.refreshToken, age);
    const stale = chain[0] ?? '';
    const current = chain.at(-1) ?? '';

    clock.advance(11_000);
    const replay = await client.refresh(stale);
    expect(replay.status).toBe(401);
    expect(await problemCode(replay)).toBe('REFRESH_REUSED');

    // Every session is dead on its very next request, access and refresh alike.
    expect(await problemCode(await client.me(otherDevice.accessToken))).toBe('SESSION_REVOKED');
    expect(await problemCode(await client.me(victim.accessToken))).toBe('SESSION_REVOKED');
    expect((await client.refresh(otherDevice.refreshToken)).status).toBe(401);
    expect((await client.refresh(current)).status).toBe(401);

    // And it is on the user's security record.
    const fresh = await client.login(email);
    const sessions = await request('/api/sessions', { headers: { Authorization: `Bearer ${fresh.accessToken}` } });
    expect(((await sessions.json()) as { sessions: unknown[] }).sessions).toHaveLength(1);
  });

  it('treats the previous token as reuse once its successor was presented, even inside the grace window', async () => {
    const { client, clock } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const next = refreshCookieOf(await client.refresh(session.refreshToken)) ?? '';
    clock.advance(1_000);
    expect((await client.refresh(next)).status).toBe(200);
    clock.advance(1_000);
    const replay = await client.refresh(session.refreshToken);
    expect(await problemCode(replay)).toBe('REFRESH_REUSED');
  });

  it('answers a forged token naming a real session with 401 UNAUTHENTICATED and revokes nothing', async () => {
    const { client } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const other = await client.login(email, phone);
    const [userId, sessionId] = session.refreshToken.split('.');
    const forgeries = [
      `${userId}.${sessionId}.0.${'A'.repeat(43)}`,
      `${userId}.${sessionId}.7.${session.refreshToken.split('.')[3]}`,
      `${session.refreshToken}x`,
      'garbage',
      `${userId}.${sessionId}.0`,
    ];
    for (const forged of forgeries) {
      const response = await client.refresh(forged);
      expect(response.status).toBe(401);
      expect(await problemCode(response)).toBe('UNAUTHENTICATED');
    }
    expect((await client.me(session.accessToken)).status).toBe(200);
    expect((await client.me(other.accessToken)).status).toBe(200);
    expect((await client.refresh(session.refreshToken)).status).toBe(200);
  });

  it('answers a token signed with another secret as forged, not as reuse', async () => {
    const { client } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const otherServer = testApp({ now: Date.now });
    otherServer.deps.secrets = otherServer.deps.secrets.then(async (secrets) => ({
      ...secrets,
      refreshKey: await crypto.subtle.importKey(
        'raw',
        new TextEncoder().encode('another-secret-another-secret-another-secret-!'),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign', 'verify'],
      ),
    }));
    const replay = await authClient(otherServer.request).refresh(session.refreshToken);
    expect(await problemCode(replay)).toBe('UNAUTHENTICATED');
    expect((await client.me(session.accessToken)).status).toBe(200);
  });
});

describe('POST /api/auth/refresh: a lost answer is not reuse', () => {
  /** A user on a laptop and a phone; the laptop rotated once and never received the answer. */
  async function lostAnswer() {
    const { client, clock, request } = setup();
    const { email } = await client.register();
    const laptopSession = await client.login(email, laptop);
    const phoneSession = await client.login(email, phone);
    const rotated = await client.refresh(laptopSession.refreshToken);
    expect(rotated.status).toBe(200);
    const alerts = async () => (await outboxOf(request, email)).filter((m) => m.subject === THEFT_ALERT);
    return { client, clock, alerts, old: laptopSession.refreshToken, lost: refreshCookieOf(rotated), phoneSession };
  }

  // A rotation whose answer was lost (timeout, 503, dropped connection) made the retry "reuse": every session ended.
  it('answers the previous token past the grace window, while its successor was never presented, with that same successor cookie', async () => {
    const { client, clock, alerts, old, lost, phoneSession } = await lostAnswer();
    clock.advance(11_000);
    const retry = await client.refresh(old);
    expect(retry.status).toBe(200);
    expect(refreshCookieOf(retry)).toBe(lost);
    const { accessToken } = (await retry.json()) as { accessToken: string };
    expect((await client.me(accessToken)).status).toBe(200);
    // Nothing was revoked and nobody was alarmed.
    expect((await client.me(phoneSession.accessToken)).status).toBe(200);
    expect(await alerts()).toEqual([]);
  });

  it('keeps answering with the same cookie while answers keep getting lost, and the lineage goes on from it', async () => {
    const { client, clock, old, lost } = await lostAnswer();
    for (const wait of [11_000, 60_000, 3_600_000]) {
      clock.advance(wait);
      expect(refreshCookieOf(await client.refresh(old))).toBe(lost);
    }
    clock.advance(1_000);
    const next = await client.refresh(lost ?? '');
    expect(next.status).toBe(200);
    expect(refreshCookieOf(next)).not.toBe(lost);
  });

  it('answers inside the grace window without a cookie, and the same token past it with the successor cookie', async () => {
    const { client, clock, old, lost } = await lostAnswer();
    clock.advance(5_000);
    const early = await client.refresh(old);
    expect(early.status).toBe(200);
    expect(early.headers.get('Set-Cookie')).toBeNull();
    clock.advance(6_000);
    expect(refreshCookieOf(await client.refresh(old))).toBe(lost);
  });

  it('treats a thief replaying the previous token after the owner used its successor as reuse: every session ends, the user is told', async () => {
    const { client, clock, alerts, old, lost, phoneSession } = await lostAnswer();
    clock.advance(11_000);
    const owner = await client.refresh(lost ?? '');
    expect(owner.status).toBe(200);
    clock.advance(11_000);
    const thief = await client.refresh(old, client.deviceHeaders(phone));
    expect(await problemCode(thief)).toBe('REFRESH_REUSED');
    expect(await problemCode(await client.me(phoneSession.accessToken))).toBe('SESSION_REVOKED');
    expect((await client.refresh(refreshCookieOf(owner) ?? '')).status).toBe(401);
    expect(await alerts()).toHaveLength(1);
  });

  it('answers 20 parallel retries of a lost answer each with the same successor cookie, and revokes nothing', async () => {
    const { client, clock, alerts, old, lost, phoneSession } = await lostAnswer();
    clock.advance(11_000);
    const retries = await Promise.all(Array.from({ length: 20 }, () => client.refresh(old)));
    expect(retries.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(new Set(retries.map(refreshCookieOf))).toEqual(new Set([lost]));
    expect((await client.me(phoneSession.accessToken)).status).toBe(200);
    expect(await alerts()).toEqual([]);
    clock.advance(1_000);
    expect((await client.refresh(lost ?? '')).status).toBe(200);
  });

  it('lets none of 20 parallel replays through once the successor was used, and revokes and alerts once', async () => {
    const { client, clock, alerts, old, lost } = await lostAnswer();
    clock.advance(11_000);
    expect((await client.refresh(lost ?? '')).status).toBe(200);
    clock.advance(11_000);
    const replays = await Promise.all(Array.from({ length: 20 }, () => client.refresh(old)));
    expect(replays.map((response) => response.status)).toEqual(Array(20).fill(401));
    const codes = await Promise.all(replays.map(problemCode));
    expect(codes.filter((code) => code === 'REFRESH_REUSED')).toHaveLength(1);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(19);
    expect(await alerts()).toHaveLength(1);
  });
});

describe('POST /api/auth/refresh: refusals', () => {
  it('answers a missing cookie with 401 UNAUTHENTICATED', async () => {
    const { request } = setup();
    const response = await request('/api/auth/refresh', json({}, { Origin: ORIGIN }));
    expect(response.status).toBe(401);
    expect(await problemCode(response)).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['another Origin', { Origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['a null Origin (sandboxed frame)', { Origin: 'null' }],
  ])('refuses a cross-site refresh (%s) with 403 and rotates nothing', async (_, headers) => {
    const { client, clock } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const attack = await client.refresh(session.refreshToken, headers);
    expect(attack.status).toBe(403);
    expect(await problemCode(attack)).toBe('CSRF_REJECTED');
    expect(attack.headers.get('Set-Cookie')).toBeNull();
    // Nothing rotated: the same token still rotates normally, long after any grace window.
    clock.advance(60_000);
    expect((await client.refresh(session.refreshToken)).status).toBe(200);
  });

  it('accepts an origin listed in ALLOWED_ORIGINS', async () => {
    const { client, deps } = setup();
    deps.config.ALLOWED_ORIGINS = ['https://app.example'];
    const { email } = await client.register();
    const session = await client.login(email);
    const response = await client.refresh(session.refreshToken, {
      Origin: 'https://app.example',
      'Sec-Fetch-Site': 'same-site',
    });
    expect(response.status).toBe(200);
  });

  it('refuses a refresh that is not declared JSON with 415', async () => {
    const { request, client } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const response = await request('/api/auth/refresh', {
      method: 'POST',
      headers: { Cookie: `__Secure-refresh=${session.refreshToken}`, Origin: ORIGIN },
    });
    expect(response.status).toBe(415);
  });

  it('ends a session idle for longer than the idle lifetime', async () => {
    const { client, clock, deps } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    clock.advance(deps.config.SESSION_IDLE_TTL_SECONDS * 1000 + 1);
    expect(await problemCode(await client.refresh(session.refreshToken))).toBe('UNAUTHENTICATED');
  });

  it('ends a session at its absolute lifetime even when used every day', async () => {
    const { client, clock, deps } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    let token = session.refreshToken;
    const day = 24 * 60 * 60 * 1000;
    for (let elapsed = day; elapsed < deps.config.SESSION_ABSOLUTE_TTL_SECONDS * 1000; elapsed += day) {
      clock.advance(day);
      const response = await client.refresh(token);
      expect(response.status).toBe(200);
      token = refreshCookieOf(response) ?? '';
    }
    clock.advance(day);
    expect(await problemCode(await client.refresh(token))).toBe('UNAUTHENTICATED');
  });
});
