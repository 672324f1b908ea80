import { describe, expect, it } from 'vitest';
import { phone } from '../../test/auth-client.ts';
import { mfaClient, problemCode, STEP_MS, totpCode, wrongCode } from '../../test/mfa-client.ts';
import { outboxOf } from '../../test/outbox.ts';
import { manualClock, testApp } from '../../test/test-app.ts';
import { tokenHash } from '../account/one-time-token.ts';
import { keys } from '../keys/keys.ts';
import { block } from '../users/users.ts';

function setup() {
  const clock = manualClock();
  const app = testApp({ now: clock.now });
  return { clock, ...app, client: mfaClient(app.request, clock.now) };
}

describe('the login ticket (mfaToken)', () => {
  it('dies after 5 wrong answers: the right code is then refused as 401 UNAUTHENTICATED', async () => {
    const { client, clock } = setup();
    const user = await client.enrolledUser();
    clock.advance(STEP_MS);
    const ticket = await client.ticket(user.email);
    const wrong = wrongCode(user.secret, clock.now());
    for (let i = 0; i < 5; i += 1) {
      expect(await problemCode(await client.verify(ticket, 'totp', wrong), 401)).toBe('INVALID_CREDENTIALS');
    }
    const right = totpCode(user.secret, clock.now());
    expect(await problemCode(await client.verify(ticket, 'totp', right), 401)).toBe('UNAUTHENTICATED');
    // The code was not spent by the dead ticket: a new ticket takes it (from another address: the
    // five wrong answers count toward this one's login backoff, see mfa-lockout.test.ts).
    expect((await client.verify(await client.ticket(user.email, phone), 'totp', right, phone)).status).toBe(200);
  });

  // Answers checked before any was counted let a parallel burst past the ticket's five tries.
  it('checks no more than 5 answers of a burst sent at once', async () => {
    const { client, clock } = setup();
    const user = await client.enrolledUser();
    clock.advance(STEP_MS);
    const ticket = await client.ticket(user.email);
    const wrong = wrongCode(user.secret, clock.now());
    const answers = await Promise.all(Array.from({ length: 12 }, () => client.verify(ticket, 'totp', wrong)));
    const codes = await Promise.all(answers.map(async (answer) => ((await answer.json()) as { code: string }).code));
    expect(codes.filter((code) => code === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(7);
  });

  it('is refused once used, once expired, and when unknown or garbled (401 UNAUTHENTICATED)', async () => {
    const { client, clock } = setup();
    const user = await client.enrolledUser();
    clock.advance(STEP_MS);
    const used = await client.ticket(user.email);
    expect((await client.verify(used, 'totp', totpCode(user.secret, clock.now()))).status).toBe(200);
    clock.advance(STEP_MS);
    const fresh = totpCode(user.secret, clock.now());
    expect(await problemCode(await client.verify(used, 'totp', fresh), 401)).toBe('UNAUTHENTICATED');

    const expiring = await client.ticket(user.email);
    clock.advance(5 * 60_000);
    expect(await problemCode(await client.verify(expiring, 'totp', totpCode(user.secret, clock.now())), 401)).toBe(
      'UNAUTHENTICATED',
    );

    const [userPart] = used.split('.');
    const forged = `${userPart}.${'A'.repeat(43)}`;
    for (const token of [forged, 'garbage', `${'B'.repeat(22)}.${'C'.repeat(43)}`]) {
      expect(await problemCode(await client.verify(token, 'totp', fresh), 401)).toBe('UNAUTHENTICATED');
    }
  });

  it('is kept only as a hash, in its user’s slot, with a TTL', async () => {
    const { client, deps, clock } = setup();
    const user = await client.enrolledUser();
    clock.advance(STEP_MS);
    const ticket = await client.ticket(user.email);
    const key = keys.mfaTicket(user.userId, await tokenHash(ticket));
    expect(await deps.store.send(['EXISTS', key])).toBe(1);
    const ttl = Number(await deps.store.send(['PTTL', key]));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300_000);
    expect(JSON.stringify(await deps.store.send(['HGETALL', key]))).not.toContain(ticket.split('.')[1]);
  });

  it('refuses a malformed WebAuthn answer with 400, spending nothing', async () => {
    const { client, clock } = setup();
    const user = await client.enrolledUser();
    clock.advance(STEP_MS);
    const ticket = await client.ticket(user.email);
    for (let i = 0; i < 6; i += 1) {
      const response = await client.post('/api/auth/mfa/verify', {
        mfaToken: ticket,
        method: 'webauthn',
        response: {},
      });
      expect(await problemCode(response, 400)).toBe('VALIDATION_FAILED');
    }
    expect((await client.verify(ticket, 'totp', totpCode(user.secret, clock.now()))).status).toBe(200);
  });

  it('signs in no one whose account was blocked after the password step (403 ACCOUNT_BLOCKED)', async () => {
    const { client, clock, deps } = setup();
    const user = await client.enrolledUser();
    clock.advance(STEP_MS);
    const ticket = await client.ticket(user.email);
    await block(deps.store, { userId: user.userId, reason: 'test', at: clock.now(), event: '{}' });
    const answer = await client.verify(ticket, 'totp', totpCode(user.secret, clock.now()));
    expect(await problemCode(answer, 403)).toBe('ACCOUNT_BLOCKED');
    expect(answer.headers.getSetCookie()).toEqual([]);
  });

  it('refuses bodies that are not an answer (400), without a 5xx', async () => {
    const { client } = setup();
    for (const body of [
      {},
      { mfaToken: 'x' },
      { mfaToken: 'x', method: 'sms', code: '1' },
      { mfaToken: 1, method: 'totp', code: '1' },
    ]) {
      expect(await problemCode(await client.post('/api/auth/mfa/verify', body), 400)).toBe('VALIDATION_FAILED');
    }
  });
});

describe('recovery codes', () => {
  it('sign in once each, tell the user by email, and show as used', async () => {
    const { client, request, clock } = setup();
    const user = await client.enrolledUser();
    const [code] = user.recoveryCodes;
    const answer = await client.verify(await client.ticket(user.email), 'recovery', String(code).toUpperCase());
    expect(answer.status).toBe(200);
    const { accessToken } = (await answer.json()) as { accessToken: string };
    expect(await (await client.status(accessToken)).json()).toMatchObject({ recoveryCodesLeft: 9 });
    const [mail] = await outboxOf(request, user.email);
    expect(mail?.subject).toBe('A recovery code was used to sign in');
    expect(mail?.text).toContain('9 codes are left');
    const events = (await (await request('/api/auth/events', { headers: client.bearer(accessToken) })).json()) as {
      events: { type: string; method?: string }[];
    };
    expect(events.events.map((event) => event.type).slice(0, 2)).toEqual(['login.succeeded', 'mfa.recovery-code.used']);
    expect(events.events[0]?.method).toBe('recovery');

    clock.advance(STEP_MS);
    expect(await problemCode(await client.verify(await client.ticket(user.email), 'recovery', String(code)), 401)).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  // Two requests racing with one code must not both sign in: the code is spent by one SREM.
  it('answer two concurrent uses of one code with one session', async () => {
    const { client } = setup();
    const user = await client.enrolledUser();
    const code = String(user.recoveryCodes[0]);
    const [first, second] = [await client.ticket(user.email), await client.ticket(user.email)];
    const statuses = await Promise.all([
      client.verify(first, 'recovery', code),
      client.verify(second, 'recovery', code),
    ]);
    expect(statuses.map((response) => response.status).sort()).toEqual([200, 401]);
  });

  it('regenerated, replace the old ones', async () => {
    const { client, request } = setup();
    const user = await client.enrolledUser();
    const response = await client.post('/api/auth/mfa/recovery-codes', {}, user.accessToken);
    expect(response.status).toBe(200);
    const { recoveryCodes } = (await response.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes.filter((code) => user.recoveryCodes.includes(code))).toEqual([]);
    const events = (await (await request('/api/auth/events', { headers: client.bearer(user.accessToken) })).json()) as {
      events: { type: string }[];
    };
    expect(events.events[0]?.type).toBe('mfa.recovery-codes.regenerated');
    const old = String(user.recoveryCodes[1]);
    expect(await problemCode(await client.verify(await client.ticket(user.email), 'recovery', old), 401)).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await client.verify(await client.ticket(user.email), 'recovery', String(recoveryCodes[0]))).status).toBe(
      200,
    );
  });

  it('are not handed out to an account without a second factor (409)', async () => {
    const { client } = setup();
    const { email } = await client.register();
    const { accessToken } = await client.login(email);
    expect(await problemCode(await client.post('/api/auth/mfa/recovery-codes', {}, accessToken), 409)).toBe('CONFLICT');
  });
});
