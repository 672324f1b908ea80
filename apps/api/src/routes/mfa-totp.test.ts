import { describe, expect, it } from 'vitest';
import { refreshCookieOf } from '../../test/auth-client.ts';
import { mfaClient, problemCode, STEP_MS, totpCode } from '../../test/mfa-client.ts';
import { outboxOf } from '../../test/outbox.ts';
import { manualClock, testApp } from '../../test/test-app.ts';
import { keys } from '../keys/keys.ts';

function setup() {
  const clock = manualClock();
  const app = testApp({ now: clock.now });
  return { clock, ...app, client: mfaClient(app.request, clock.now) };
}

describe('TOTP set-up', () => {
  it('is off until confirmed, then answers ten single recovery codes and shows in GET /api/auth/mfa', async () => {
    const { client, request, clock } = setup();
    const { email } = await client.register();
    const { accessToken } = await client.login(email);
    const setupResponse = await client.post('/api/auth/mfa/totp/setup', {}, accessToken);
    expect(setupResponse.status).toBe(200);
    const { secret, uri } = (await setupResponse.json()) as { secret: string; uri: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Portcullis:/);
    expect(new URL(uri).searchParams.get('secret')).toBe(secret);
    expect(await (await client.status(accessToken)).json()).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });

    const wrong = await client.post('/api/auth/mfa/totp/confirm', { code: '000000' }, accessToken);
    expect(await wrong.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'code' }] });
    const confirm = await client.post(
      '/api/auth/mfa/totp/confirm',
      { code: totpCode(secret, clock.now()) },
      accessToken,
    );
    expect(confirm.status).toBe(200);
    const { recoveryCodes } = (await confirm.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(await (await client.status(accessToken)).json()).toEqual({ totp: true, passkeys: 0, recoveryCodesLeft: 10 });

    const events = (await (await request('/api/auth/events', { headers: client.bearer(accessToken) })).json()) as {
      events: { type: string }[];
    };
    expect(events.events[0]?.type).toBe('mfa.enabled');
    expect((await outboxOf(request, email))[0]?.subject).toBe('A sign-in method was added to your account');
  });

  // A Redis dump must not be enough to mint codes: what is stored is sealed, never the base32 secret.
  it('stores the secret sealed, pending and confirmed alike', async () => {
    const { client, deps, clock } = setup();
    const { email, userId } = await client.register();
    const { accessToken } = await client.login(email);
    const { secret } = (await (await client.post('/api/auth/mfa/totp/setup', {}, accessToken)).json()) as {
      secret: string;
    };
    const pending = await deps.store.send(['GET', keys.userTotpSetup(userId)]);
    expect(pending).toMatch(/^v1\./);
    expect(String(pending)).not.toContain(secret);
    await client.post('/api/auth/mfa/totp/confirm', { code: totpCode(secret, clock.now()) }, accessToken);
    const stored = await deps.store.send(['HGETALL', keys.userTotp(userId)]);
    const dump = JSON.stringify(stored);
    expect(dump).toContain('v1.');
    expect(dump).not.toContain(secret);
    expect(dump.toLowerCase()).not.toContain(secret.toLowerCase());
    // A sealed value copied to another user's key does not open there (the user id is bound in).
    const other = await client.register();
    const sealed = Array.isArray(stored) ? stored[stored.indexOf('s') + 1] : null;
    await deps.store.send(['HSET', keys.userTotp(other.userId), 's', String(sealed), 'last', '0']);
    clock.advance(STEP_MS);
    const ticket = await client.ticket(other.email);
    expect(await problemCode(await client.verify(ticket, 'totp', totpCode(secret, clock.now())), 401)).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('refuses a second set-up while TOTP is on (409)', async () => {
    const { client } = setup();
    const user = await client.enrolledUser();
    expect(await problemCode(await client.post('/api/auth/mfa/totp/setup', {}, user.accessToken), 409)).toBe(
      'CONFLICT',
    );
  });
});

describe('sign-in with TOTP', () => {
  it('answers a ticket instead of a session, and the code turns it into exactly the login answer', async () => {
    const { client, request, clock } = setup();
    const user = await client.enrolledUser();
    clock.advance(STEP_MS);
    const login = await client.post('/api/auth/login', { email: user.email, password: 'correct horse battery staple' });
    expect(login.status).toBe(200);
    expect(login.headers.getSetCookie()).toEqual([]);
    const ticket = (await login.json()) as Record<string, unknown>;
    expect(ticket).toEqual({
      mfaRequired: true,
      mfaToken: expect.stringMatching(/^[\w-]{22}\.[\w-]{43}$/),
      methods: ['totp', 'recovery'],
      expiresIn: 300,
    });
    expect(ticket).not.toHaveProperty('accessToken');

    const answer = await client.verify(String(ticket.mfaToken), 'totp', totpCode(user.secret, clock.now()));
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { accessToken: string; tokenType: string; expiresIn: number; user: object };
    expect(body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 600,
      user: expect.objectContaining({ id: user.userId, email: user.email }),
    });
    expect(refreshCookieOf(answer)).toBeTruthy();
    expect(answer.headers.getSetCookie().some((cookie) => cookie.startsWith('__Secure-device='))).toBe(true);
    expect((await client.me(body.accessToken)).status).toBe(200);
    const events = (await (await request('/api/auth/events', { headers: client.bearer(body.accessToken) })).json()) as {
      events: { type: string; method?: string }[];
    };
    expect(events.events[0]).toMatchObject({ type: 'login.succeeded', method: 'totp' });
  });

  // Each time step's code is accepted once per user: a code seen over a shoulder is spent.
  it('refuses the same code a second time, also on a new ticket', async () => {
    const { client, clock } = setup();
    const user = await client.enrolledUser();
    clock.advance(STEP_MS);
    const code = totpCode(user.secret, clock.now());
    expect((await client.verify(await client.ticket(user.email), 'totp', code)).status).toBe(200);
    expect(await problemCode(await client.verify(await client.ticket(user.email), 'totp', code), 401)).toBe(
      'INVALID_CREDENTIALS',
    );
    // An earlier step than the last one spent is refused too, though inside the window.
    expect(
      await problemCode(
        await client.verify(await client.ticket(user.email), 'totp', totpCode(user.secret, clock.now() - STEP_MS)),
        401,
      ),
    ).toBe('INVALID_CREDENTIALS');
    clock.advance(STEP_MS);
    expect(
      (await client.verify(await client.ticket(user.email), 'totp', totpCode(user.secret, clock.now()))).status,
    ).toBe(200);
  });

  it('accepts the codes of one step either side of now and refuses those two steps away', async () => {
    const { client, clock } = setup();
    const user = await client.enrolledUser();
    // Far from the confirming step, so that no code below is refused as a replay of it.
    clock.advance(10 * STEP_MS);
    const at = (steps: number) => totpCode(user.secret, clock.now() + steps * STEP_MS);
    const answer = async (code: string) => (await client.verify(await client.ticket(user.email), 'totp', code)).status;
    expect(await answer(at(-2))).toBe(401);
    expect(await answer(at(-1))).toBe(200);
    expect(await answer(at(2))).toBe(401);
    expect(await answer(at(1))).toBe(200);
  });

  it('answers two concurrent uses of one code with one session', async () => {
    const { client, clock } = setup();
    const user = await client.enrolledUser();
    clock.advance(STEP_MS);
    const code = totpCode(user.secret, clock.now());
    const [first, second] = [await client.ticket(user.email), await client.ticket(user.email)];
    const statuses = (await Promise.all([client.verify(first, 'totp', code), client.verify(second, 'totp', code)])).map(
      (response) => response.status,
    );
    expect(statuses.sort()).toEqual([200, 401]);
  });
});

describe('turning TOTP off', () => {
  it('signs in with the password alone again, records mfa.disabled and emails the user', async () => {
    const { client, request } = setup();
    const user = await client.enrolledUser();
    const removed = await request('/api/auth/mfa/totp', { method: 'DELETE', headers: client.bearer(user.accessToken) });
    expect(removed.status).toBe(204);
    expect(await (await client.status(user.accessToken)).json()).toEqual({
      totp: false,
      passkeys: 0,
      recoveryCodesLeft: 0,
    });
    await client.login(user.email);
    const events = (await (await request('/api/auth/events', { headers: client.bearer(user.accessToken) })).json()) as {
      events: { type: string }[];
    };
    expect(events.events.map((event) => event.type)).toContain('mfa.disabled');
    const subjects = (await outboxOf(request, user.email)).map((message) => message.subject);
    expect(subjects).toContain('A sign-in method was removed from your account');
    const again = await request('/api/auth/mfa/totp', { method: 'DELETE', headers: client.bearer(user.accessToken) });
    expect(await problemCode(again, 404)).toBe('NOT_FOUND');
  });

  it('keeps the recovery codes while a passkey remains, and login still asks for a second factor', async () => {
    const { client, request, deps } = setup();
    const user = await client.enrolledUser();
    // A passkey as passkeys/ stores it (keys.userPasskeys: one hash field per credential).
    await deps.store.send(['HSET', keys.userPasskeys(user.userId), 'credential-1', 'x']);
    await request('/api/auth/mfa/totp', { method: 'DELETE', headers: client.bearer(user.accessToken) });
    expect(await (await client.status(user.accessToken)).json()).toEqual({
      totp: false,
      passkeys: 1,
      recoveryCodesLeft: 10,
    });
    const login = await client.post('/api/auth/login', { email: user.email, password: 'correct horse battery staple' });
    expect(await login.json()).toMatchObject({ mfaRequired: true, methods: ['webauthn', 'recovery'] });
    await deps.store.send(['DEL', keys.userPasskeys(user.userId)]);
  });
});
