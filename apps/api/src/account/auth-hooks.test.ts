import { describe, expect, it, vi } from 'vitest';
import { authClient, json, laptop, PASSWORD, phone, refreshCookieOf, uniqueEmail } from '../../test/auth-client.ts';
import { outboxOf } from '../../test/outbox.ts';
import { manualClock, testApp } from '../../test/test-app.ts';
import type { Mailer } from '../mail/mailer.ts';

const NEW_DEVICE = 'New sign-in to your account';
const DAY = 24 * 60 * 60 * 1000;

function setup(overrides: Parameters<typeof testApp>[0] = {}) {
  const clock = manualClock();
  const app = testApp({ now: clock.now, ...overrides });
  const client = authClient(app.request);
  const subjects = async (email: string) => (await outboxOf(app.request, email)).map((message) => message.subject);
  return { ...app, clock, client, subjects };
}

describe('security email: refresh-token reuse', () => {
  it('tells the user that every session was ended', async () => {
    const { client, clock, subjects, request } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const rotated = await client.refresh(session.refreshToken);
    clock.advance(11_000);
    // The owner used the new token: the old one is now a stolen copy, not a lost answer.
    expect((await client.refresh(refreshCookieOf(rotated) ?? '')).status).toBe(200);
    clock.advance(11_000);
    const replay = await client.refresh(session.refreshToken, client.deviceHeaders(phone));
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'REFRESH_REUSED' });
    const [alert] = await outboxOf(request, email);
    expect(alert?.subject).toBe('We signed you out everywhere');
    expect(alert?.text).toContain(phone.ip);
    // A second replay finds nothing left to revoke and sends nothing more.
    await client.refresh(session.refreshToken);
    expect((await subjects(email)).filter((subject) => subject === 'We signed you out everywhere')).toHaveLength(1);
  });

  it('sends nothing for a forged token', async () => {
    const { client, subjects } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const before = await subjects(email);
    const forged = `${session.refreshToken.slice(0, -4)}AAAA`;
    expect((await client.refresh(forged)).status).toBe(401);
    expect(await subjects(email)).toEqual(before);
  });
});

describe('security email: sign-in from a new device', () => {
  it('is sent for a browser+OS pair the user has not used, and not again for the same one', async () => {
    const { client, subjects, request } = setup();
    const { email } = await client.register();
    await client.login(email, laptop);
    const [alert] = await outboxOf(request, email);
    expect(alert?.subject).toBe(NEW_DEVICE);
    expect(alert?.text).toContain('Chrome 131 on Linux');
    expect(alert?.text).toContain(laptop.ip);
    await client.login(email, laptop);
    await client.login(email, { ...laptop, ip: '192.0.2.99' });
    expect((await subjects(email)).filter((subject) => subject === NEW_DEVICE)).toHaveLength(1);
    await client.login(email, phone);
    expect((await subjects(email)).filter((subject) => subject === NEW_DEVICE)).toHaveLength(2);
  });

  it('counts the browser that registered as known', async () => {
    const { client, subjects, request } = setup();
    const email = uniqueEmail();
    const registered = await request(
      '/api/auth/register',
      json({ email, password: PASSWORD, name: 'Ada' }, client.deviceHeaders(laptop)),
    );
    expect(registered.status).toBe(201);
    await client.login(email, laptop);
    expect(await subjects(email)).not.toContain(NEW_DEVICE);
  });

  it('treats a device unseen for KNOWN_DEVICE_TTL_SECONDS as new again', async () => {
    const { client, subjects, clock, deps } = setup();
    const { email } = await client.register();
    await client.login(email, laptop);
    clock.advance(deps.config.KNOWN_DEVICE_TTL_SECONDS * 1000 - DAY);
    await client.login(email, laptop);
    expect((await subjects(email)).filter((subject) => subject === NEW_DEVICE)).toHaveLength(1);
    clock.advance(deps.config.KNOWN_DEVICE_TTL_SECONDS * 1000);
    await client.login(email, laptop);
    expect((await subjects(email)).filter((subject) => subject === NEW_DEVICE)).toHaveLength(2);
  });
});

describe('sending mail never fails a request', () => {
  it('answers as usual when the mailer throws, and logs the failure', async () => {
    const failing: Mailer = {
      kind: 'http',
      send: () => Promise.reject(new Error('mail API down')),
    };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { client, request, clock } = setup({ mailer: failing });
      const { email } = await client.register();
      const session = await client.login(email, phone);
      expect((await request('/api/auth/password/forgot', json({ email }))).status).toBe(202);
      const rotated = await client.refresh(session.refreshToken);
      clock.advance(11_000);
      await client.refresh(refreshCookieOf(rotated) ?? '');
      clock.advance(11_000);
      expect((await client.refresh(session.refreshToken)).status).toBe(401);
      const logged = errors.mock.calls.map((call) => String(call[0]));
      for (const label of ['verification email', 'new-device alert', 'password reset email', 'refresh-reuse alert']) {
        expect(logged.some((line) => line.includes(`${label} failed`))).toBe(true);
      }
    } finally {
      errors.mockRestore();
    }
  });
});
