import { describe, expect, it } from 'vitest';
import { authClient, json, laptop, PASSWORD, uniqueEmail } from '../../test/auth-client.ts';
import { outboxOf, tokenFromOutbox } from '../../test/outbox.ts';
import { manualClock, testApp } from '../../test/test-app.ts';

const HOUR = 60 * 60 * 1000;
const SUBJECT = 'Confirm your email address';

function setup(config: { REQUIRE_EMAIL_VERIFICATION?: boolean } = {}) {
  const clock = manualClock();
  const base = testApp();
  const app = testApp({ now: clock.now, config: { ...base.deps.config, ...config } });
  const client = authClient(app.request);
  const verify = (token: string) => app.request('/api/auth/verify-email', json({ token }));
  const resend = (body: unknown, accessToken?: string) =>
    app.request(
      '/api/auth/verify-email/resend',
      json(body, accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
    );
  const verifyToken = (email: string) => tokenFromOutbox(app.request, email, SUBJECT);
  const emailVerified = async (accessToken: string) =>
    ((await (await client.me(accessToken)).json()) as { user: { emailVerified: boolean } }).user.emailVerified;
  return { ...app, clock, client, verify, resend, verifyToken, emailVerified };
}

describe('POST /api/auth/verify-email', () => {
  it('verifies the address with the link sent at registration, once; /me then says emailVerified: true', async () => {
    const { client, verify, verifyToken, emailVerified, request } = setup();
    const { email } = await client.register();
    const [message] = await outboxOf(request, email);
    expect(message?.subject).toBe(SUBJECT);
    expect(message?.links[0]).toMatch(/^http:\/\/portcullis\.test\/verify-email\?token=/);
    const session = await client.login(email);
    expect(await emailVerified(session.accessToken)).toBe(false);

    const token = await verifyToken(email);
    expect((await verify(token)).status).toBe(204);
    expect(await emailVerified(session.accessToken)).toBe(true);

    const again = await verify(token);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'token' }] });

    const events = await request('/api/auth/events', { headers: { Authorization: `Bearer ${session.accessToken}` } });
    const types = ((await events.json()) as { events: { type: string }[] }).events.map((event) => event.type);
    expect(types).toContain('email.verified');
  });

  it('refuses an expired link and leaves the address unverified', async () => {
    const { client, verify, verifyToken, emailVerified, clock } = setup();
    const { email } = await client.register();
    const token = await verifyToken(email);
    clock.advance(HOUR);
    const response = await verify(token);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ path: 'token', message: 'Expired' }] });
    const session = await client.login(email);
    expect(await emailVerified(session.accessToken)).toBe(false);
  });

  it('refuses forged tokens: another user id with a real secret, made-up secrets, junk', async () => {
    const { client, verify, verifyToken, emailVerified } = setup();
    const victim = await client.register();
    const attacker = await client.register();
    const attackerToken = await verifyToken(attacker.email);
    const secret = attackerToken.slice(attackerToken.indexOf('.') + 1);
    for (const forged of [`${victim.userId}.${secret}`, `${victim.userId}.${'B'.repeat(43)}`, 'x'.repeat(200), '']) {
      expect((await verify(forged)).status).toBe(400);
    }
    const session = await client.login(victim.email);
    expect(await emailVerified(session.accessToken)).toBe(false);
  });
});

describe('POST /api/auth/verify-email/resend', () => {
  it('sends a new link to the signed-in user (202); only the newest link works', async () => {
    const { client, verify, resend, verifyToken, emailVerified } = setup();
    const { email } = await client.register();
    const first = await verifyToken(email);
    const session = await client.login(email);
    expect((await resend({}, session.accessToken)).status).toBe(202);
    const second = await verifyToken(email);
    expect(second).not.toBe(first);
    expect((await verify(first)).status).toBe(400);
    expect((await verify(second)).status).toBe(204);
    expect(await emailVerified(session.accessToken)).toBe(true);
  });

  it('answers 409 to a signed-in user who is already verified', async () => {
    const { client, verify, resend, verifyToken } = setup();
    const { email } = await client.register();
    await verify(await verifyToken(email));
    const session = await client.login(email);
    const response = await resend({}, session.accessToken);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'CONFLICT' });
  });

  it('without a token, sends to { email } and answers 202 whether or not the account exists', async () => {
    const { client, resend, request } = setup();
    const { email } = await client.register();
    const before = (await outboxOf(request, email)).length;
    expect((await resend({ email })).status).toBe(202);
    expect(await outboxOf(request, email)).toHaveLength(before + 1);

    const unknown = uniqueEmail('nobody');
    expect((await resend({ email: unknown })).status).toBe(202);
    expect(await outboxOf(request, unknown)).toEqual([]);
  });

  it('sends nothing to an already verified address asked for by email, still 202', async () => {
    const { client, verify, resend, verifyToken, request } = setup();
    const { email } = await client.register();
    await verify(await verifyToken(email));
    const before = (await outboxOf(request, email)).length;
    expect((await resend({ email })).status).toBe(202);
    expect(await outboxOf(request, email)).toHaveLength(before);
  });

  it('needs either a bearer token or an email (400), and a bad bearer token is 401', async () => {
    const { resend } = setup();
    expect((await resend({})).status).toBe(400);
    const bad = await resend({}, 'not-a-token');
    expect(bad.status).toBe(401);
  });
});

describe('REQUIRE_EMAIL_VERIFICATION', () => {
  it('when true, refuses login of an unverified account with 403 FORBIDDEN and a detail to show', async () => {
    const { client, verify, verifyToken, request } = setup({ REQUIRE_EMAIL_VERIFICATION: true });
    const { email } = await client.register();
    const refused = await request('/api/auth/login', json({ email, password: PASSWORD }, client.deviceHeaders(laptop)));
    expect(refused.status).toBe(403);
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect(await refused.json()).toMatchObject({
      code: 'FORBIDDEN',
      detail: expect.stringContaining('Confirm your email address'),
    });
    // A wrong password still says only that: the gate is behind the password check.
    const wrong = await request('/api/auth/login', json({ email, password: 'not the password' }));
    expect(wrong.status).toBe(401);

    await verify(await verifyToken(email));
    expect((await client.login(email)).accessToken).toBeTruthy();
  });

  it('by default, lets an unverified account sign in with emailVerified: false', async () => {
    const { client, emailVerified } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    expect(await emailVerified(session.accessToken)).toBe(false);
  });
});
