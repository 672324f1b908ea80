import { describe, expect, it } from 'vitest';
import { json, laptop, refreshCookieOf } from '../../test/auth-client.ts';
import { mfaClient, problemCode } from '../../test/mfa-client.ts';
import { bearer, passkeyClient } from '../../test/passkey-client.ts';
import { b64url, FLAGS, type RequestOptions, type SoftAuthenticator } from '../../test/soft-authenticator.ts';
import { manualClock, testApp } from '../../test/test-app.ts';

const clock = manualClock();
const base = testApp({ now: clock.now });
// A step-up window shorter than the access token's life, so a test can outlive it with one token.
const REAUTH_WINDOW_MS = 60_000;
const { request } = testApp({ now: clock.now, config: { ...base.deps.config, REAUTH_WINDOW_SECONDS: 60 } });

const optionsOf = async (response: Response) => (await response.json()) as RequestOptions;
const mfa = mfaClient(request, clock.now);
const passkeys = passkeyClient(request);

/** A user with a passkey (so with MFA: a password alone earns a ticket), signed in on a laptop. */
async function withPasskey() {
  const { email } = await mfa.register();
  const session = await mfa.login(email, laptop);
  const device = passkeys.authenticator();
  const passkey = await passkeys.register(session.accessToken, device);
  return { email, userId: session.userId, accessToken: session.accessToken, device, passkey };
}

async function secondFactorOptions(mfaToken: string) {
  return request('/api/auth/mfa/webauthn/options', json({ mfaToken }));
}

/** The ticket's options, signed by `device`: the body of `/mfa/verify`. */
async function answerTicket(mfaToken: string, device: SoftAuthenticator, tamper = {}) {
  const options = await secondFactorOptions(mfaToken);
  expect(options.status).toBe(200);
  const response = await device.authenticate(await optionsOf(options), tamper);
  return request('/api/auth/mfa/verify', json({ mfaToken, method: 'webauthn', response }));
}

describe('a passkey as a second factor', () => {
  it('makes a password sign-in answer a ticket that offers webauthn', async () => {
    const { email, accessToken } = await withPasskey();
    expect(await (await mfa.status(accessToken)).json()).toEqual({ totp: false, passkeys: 1, recoveryCodesLeft: 0 });
    const response = await mfa.post('/api/auth/login', { email, password: 'correct horse battery staple' });
    expect(await response.json()).toEqual({
      mfaRequired: true,
      mfaToken: expect.any(String),
      methods: ['webauthn'],
      expiresIn: 300,
    });
  });

  it("offers the user's passkeys and turns the ticket into exactly the login answer", async () => {
    const { email, userId, device } = await withPasskey();
    const mfaToken = await mfa.ticket(email);
    const options = await optionsOf(await secondFactorOptions(mfaToken));
    expect(options).toMatchObject({ rpId: 'portcullis.test', userVerification: 'required' });
    expect(options.allowCredentials).toEqual([
      { id: b64url(device.credentials[0]?.id ?? new Uint8Array()), type: 'public-key', transports: ['internal'] },
    ]);
    const response = await device.authenticate(options);
    const verified = await request('/api/auth/mfa/verify', json({ mfaToken, method: 'webauthn', response }));
    expect(verified.status).toBe(200);
    expect(await verified.json()).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 600,
      user: expect.objectContaining({ id: userId, email }),
    });
    expect(refreshCookieOf(verified)).toBeTruthy();
  });

  it('refuses a dead ticket when asked for options', async () => {
    expect(await problemCode(await secondFactorOptions('nope.nope'), 401)).toBe('UNAUTHENTICATED');
  });

  it("refuses another user's passkey, and counts it as a wrong answer", async () => {
    const victim = await withPasskey();
    const attacker = await withPasskey();
    const mfaToken = await mfa.ticket(victim.email);
    // The attacker answers the victim's ticket with their own (valid) passkey.
    const options = await optionsOf(await secondFactorOptions(mfaToken));
    const forged = await attacker.device.authenticate(options, {}, attacker.device.credentials[0]);
    const response = await request('/api/auth/mfa/verify', json({ mfaToken, method: 'webauthn', response: forged }));
    expect(await problemCode(response, 401)).toBe('INVALID_CREDENTIALS');
    const events = (await (await request('/api/auth/events', { headers: bearer(victim.accessToken) })).json()) as {
      events: { type: string; method?: string }[];
    };
    expect(events.events).toContainEqual(expect.objectContaining({ type: 'login.failed', method: 'webauthn' }));
  });

  it('refuses a passwordless sign-in challenge answered to a ticket, and a ticket challenge used twice', async () => {
    const { email, device } = await withPasskey();
    const mfaToken = await mfa.ticket(email);
    const loginChallenge = await device.authenticate(await passkeys.loginOptions());
    const crossed = await request(
      '/api/auth/mfa/verify',
      json({ mfaToken, method: 'webauthn', response: loginChallenge }),
    );
    expect(await problemCode(crossed, 401)).toBe('INVALID_CREDENTIALS');
    const options = await optionsOf(await secondFactorOptions(mfaToken));
    const assertion = await device.authenticate(options);
    const first = await request('/api/auth/mfa/verify', json({ mfaToken, method: 'webauthn', response: assertion }));
    expect(first.status).toBe(200);
    // A new ticket, the old assertion: its challenge is spent.
    const next = await mfa.ticket(email);
    const replay = await request(
      '/api/auth/mfa/verify',
      json({ mfaToken: next, method: 'webauthn', response: assertion }),
    );
    expect(await problemCode(replay, 401)).toBe('INVALID_CREDENTIALS');
  });

  it('refuses an assertion without user verification', async () => {
    const { email, device } = await withPasskey();
    const response = await answerTicket(await mfa.ticket(email), device, { flags: FLAGS.UP });
    expect(await problemCode(response, 401)).toBe('INVALID_CREDENTIALS');
  });

  it('answers a malformed response with 400', async () => {
    const { email } = await withPasskey();
    const mfaToken = await mfa.ticket(email);
    const response = await request('/api/auth/mfa/verify', json({ mfaToken, method: 'webauthn', response: { id: 1 } }));
    expect(await problemCode(response, 400)).toBe('VALIDATION_FAILED');
  });
});

describe('recovery codes with passkeys', () => {
  // Left behind, a passkey-only user's recovery codes came back to life with the next second factor.
  it('go with the last second factor: removing the only passkey deletes them, unless TOTP is on', async () => {
    const alone = await withPasskey();
    expect((await mfa.post('/api/auth/mfa/recovery-codes', {}, alone.accessToken)).status).toBe(200);
    const remove = (user: { accessToken: string; passkey: { id: string } }) =>
      request(`/api/auth/passkeys/${user.passkey.id}`, { method: 'DELETE', headers: bearer(user.accessToken) });
    expect((await remove(alone)).status).toBe(204);
    expect(await (await mfa.status(alone.accessToken)).json()).toEqual({
      totp: false,
      passkeys: 0,
      recoveryCodesLeft: 0,
    });

    const both = await withPasskey();
    await mfa.enrolTotp(both.accessToken);
    expect((await remove(both)).status).toBe(204);
    expect(await (await mfa.status(both.accessToken)).json()).toEqual({
      totp: true,
      passkeys: 0,
      recoveryCodesLeft: 10,
    });
  });
});

describe('re-authentication with a passkey', () => {
  it('restarts the step-up clock: removing a passkey needs it once the window has passed', async () => {
    const { accessToken, device, passkey } = await withPasskey();
    clock.advance(REAUTH_WINDOW_MS + 1);
    const refused = await request(`/api/auth/passkeys/${passkey.id}`, {
      method: 'DELETE',
      headers: bearer(accessToken),
    });
    expect(await problemCode(refused, 403)).toBe('REAUTH_REQUIRED');
    const options = await request('/api/auth/reauth/options', json({}, bearer(accessToken)));
    expect(options.status).toBe(200);
    const response = await device.authenticate(await optionsOf(options));
    const reauth = await request('/api/auth/reauth', json({ method: 'webauthn', response }, bearer(accessToken)));
    expect(reauth.status).toBe(204);
    const removed = await request(`/api/auth/passkeys/${passkey.id}`, {
      method: 'DELETE',
      headers: bearer(accessToken),
    });
    expect(removed.status).toBe(204);
  });

  it('asks for a recent credential before offering registration options', async () => {
    const { accessToken } = await withPasskey();
    clock.advance(REAUTH_WINDOW_MS + 1);
    const response = await request('/api/auth/passkeys/register/options', json({}, bearer(accessToken)));
    expect(await problemCode(response, 403)).toBe('REAUTH_REQUIRED');
  });

  it("refuses a reauth challenge issued to another session, and the session's own one twice", async () => {
    const { accessToken, device } = await withPasskey();
    const other = await passkeys.login(device);
    const otherToken = ((await other.json()) as { accessToken: string }).accessToken;
    const options = await optionsOf(await request('/api/auth/reauth/options', json({}, bearer(otherToken))));
    const assertion = await device.authenticate(options);
    const crossed = await request(
      '/api/auth/reauth',
      json({ method: 'webauthn', response: assertion }, bearer(accessToken)),
    );
    expect(await problemCode(crossed, 401)).toBe('INVALID_CREDENTIALS');
    const own = await optionsOf(await request('/api/auth/reauth/options', json({}, bearer(accessToken))));
    const answer = await device.authenticate(own);
    const first = await request(
      '/api/auth/reauth',
      json({ method: 'webauthn', response: answer }, bearer(accessToken)),
    );
    const again = await request(
      '/api/auth/reauth',
      json({ method: 'webauthn', response: answer }, bearer(accessToken)),
    );
    expect([first.status, again.status]).toEqual([204, 401]);
  });

  it('answers 409 for reauth options when the user has no passkey', async () => {
    const { email } = await mfa.register();
    const { accessToken } = await mfa.login(email);
    const response = await request('/api/auth/reauth/options', json({}, bearer(accessToken)));
    expect(await problemCode(response, 409)).toBe('CONFLICT');
  });
});

describe('a passkey sign-in is a full sign-in', () => {
  it('proves a credential for step-up: a fresh passkey session may remove a passkey at once', async () => {
    const { device, passkey } = await withPasskey();
    clock.advance(REAUTH_WINDOW_MS + 1);
    const signedIn = await passkeys.login(device);
    const { accessToken } = (await signedIn.json()) as { accessToken: string };
    const removed = await request(`/api/auth/passkeys/${passkey.id}`, {
      method: 'DELETE',
      headers: bearer(accessToken),
    });
    expect(removed.status).toBe(204);
  });
});
