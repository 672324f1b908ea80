import { afterEach, describe, expect, it, vi } from 'vitest';
import { authClient, json, laptop, refreshCookieOf } from '../../test/auth-client.ts';
import { outboxOf } from '../../test/outbox.ts';
import { bearer, passkeyClient } from '../../test/passkey-client.ts';
import { b64url, FLAGS } from '../../test/soft-authenticator.ts';
import { manualClock, testApp } from '../../test/test-app.ts';
import { expectRateLimited, limitedApp, randomIp } from '../rate-limits/limits-test-app.ts';
import { block } from '../users/users.ts';

const clock = manualClock();
const { request, deps } = testApp({ now: clock.now });
const client = authClient(request);
const passkeys = passkeyClient(request);

async function signedIn() {
  const { email, userId } = await client.register();
  const session = await client.login(email, laptop);
  return { email, userId, accessToken: session.accessToken };
}

/** A user with one passkey on a fresh authenticator. */
async function withPasskey() {
  const user = await signedIn();
  const device = passkeys.authenticator();
  const passkey = await passkeys.register(user.accessToken, device, 'Laptop');
  return { ...user, device, passkey };
}

async function problemCode(response: Response): Promise<string> {
  return ((await response.json()) as { code: string }).code;
}

describe('passkey registration', () => {
  it('offers creation options for this RP: resident key and user verification required, no attestation', async () => {
    const { accessToken, userId, email } = await signedIn();
    const options = (await passkeys.registrationOptions(accessToken)) as unknown as Record<string, unknown>;
    expect(options).toMatchObject({
      rp: { id: 'portcullis.test', name: 'Portcullis' },
      user: { name: email, displayName: 'Test User' },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
      timeout: 300_000,
      excludeCredentials: [],
    });
    // The user handle is the account id's bytes: nothing personal.
    expect(options.user).toMatchObject({ id: b64url(new TextEncoder().encode(userId)) });
    expect(options.challenge).toMatch(/^[\w-]{43}$/);
  });

  it('registers a passkey, lists it and excludes it from the next options', async () => {
    const { accessToken } = await signedIn();
    const device = passkeys.authenticator();
    const passkey = await passkeys.register(accessToken, device, 'My laptop');
    expect(passkey).toEqual({
      id: expect.stringMatching(/^[\w-]{22}$/),
      name: 'My laptop',
      createdAt: new Date(clock.now()).toISOString(),
      lastUsedAt: null,
    });
    expect(await passkeys.list(accessToken)).toEqual([passkey]);
    const next = await passkeys.registrationOptions(accessToken);
    expect(next.excludeCredentials?.map((item) => item.id)).toEqual([
      b64url(device.credentials[0]?.id ?? new Uint8Array()),
    ]);
  });

  it('names a passkey after the device when no name is given', async () => {
    const { accessToken } = await signedIn();
    const options = await passkeys.registrationOptions(accessToken);
    const response = await passkeys.authenticator().register(options);
    const headers = { ...bearer(accessToken), 'User-Agent': laptop.userAgent };
    const answer = await request('/api/auth/passkeys/register', json({ response }, headers));
    expect(answer.status).toBe(201);
    expect(((await answer.json()) as { passkey: { name: string } }).passkey.name).toBe('Passkey on Linux');
  });

  it('refuses a registration without user verification', async () => {
    const { accessToken } = await signedIn();
    const response = await passkeys.tryRegister(accessToken, passkeys.authenticator(), {
      tamper: { flags: FLAGS.UP | FLAGS.AT },
    });
    expect(response.status).toBe(400);
    expect(await problemCode(response)).toBe('VALIDATION_FAILED');
    expect(await passkeys.list(accessToken)).toEqual([]);
  });

  it('refuses a registration made on another origin or for another RP ID', async () => {
    const { accessToken } = await signedIn();
    const phishing = await passkeys.tryRegister(accessToken, passkeys.authenticator(), {
      tamper: { origin: 'https://portcullis.test.evil.example' },
    });
    const otherRp = await passkeys.tryRegister(accessToken, passkeys.authenticator(), {
      tamper: { rpId: 'evil.example' },
    });
    expect([phishing.status, otherRp.status]).toEqual([400, 400]);
    expect(await passkeys.list(accessToken)).toEqual([]);
  });

  it('refuses a registration answering a challenge issued to another session', async () => {
    const { email, accessToken } = await signedIn();
    const other = await client.login(email, laptop);
    const options = await passkeys.registrationOptions(other.accessToken);
    const response = await passkeys.authenticator().register(options);
    const answer = await request('/api/auth/passkeys/register', json({ response }, bearer(accessToken)));
    expect(answer.status).toBe(400);
  });

  it('uses each registration challenge once', async () => {
    const { accessToken } = await signedIn();
    const options = await passkeys.registrationOptions(accessToken);
    const first = await passkeys.authenticator().register(options);
    const second = await passkeys.authenticator().register(options);
    const answers = await Promise.all(
      [first, second].map((response) =>
        request('/api/auth/passkeys/register', json({ response }, bearer(accessToken))),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 400]);
    expect(await passkeys.list(accessToken)).toHaveLength(1);
  });

  it('refuses a credential that is registered already, to this account or another', async () => {
    const { device, accessToken } = await withPasskey();
    const stranger = await signedIn();
    const held = device.credentials[0];
    for (const token of [accessToken, stranger.accessToken]) {
      const response = await device.register(await passkeys.registrationOptions(token), {}, held);
      const answer = await request('/api/auth/passkeys/register', json({ response }, bearer(token)));
      expect(answer.status).toBe(409);
    }
    expect(await passkeys.list(stranger.accessToken)).toEqual([]);
  });

  it('records passkey.added and emails the owner', async () => {
    const { email, accessToken, passkey } = await withPasskey();
    const events = (await (await request('/api/auth/events', { headers: bearer(accessToken) })).json()) as {
      events: { type: string; passkeyId?: string }[];
    };
    expect(events.events[0]).toMatchObject({ type: 'passkey.added', passkeyId: passkey.id });
    const [mail] = await outboxOf(request, email);
    expect(mail?.subject).toBe('A passkey was added to your account');
    expect(mail?.text).toContain('"Laptop"');
  });

  it('caps the passkeys of one account', async () => {
    const small = testApp({ now: clock.now, config: { ...deps.config, MAX_PASSKEYS_PER_USER: 1 } });
    const smallClient = passkeyClient(small.request);
    const { email } = await client.register();
    const { accessToken } = await authClient(small.request).login(email);
    await smallClient.register(accessToken, smallClient.authenticator());
    const second = await smallClient.tryRegister(accessToken, smallClient.authenticator());
    expect(second.status).toBe(409);
  });
});

describe('passkey management', () => {
  it('renames a passkey, refusing a name with a line break', async () => {
    const { accessToken, passkey } = await withPasskey();
    const renamed = await request(`/api/auth/passkeys/${passkey.id}`, {
      ...json({ name: '  Work phone ' }, bearer(accessToken)),
      method: 'PATCH',
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toEqual({ passkey: { ...passkey, name: 'Work phone' } });
    const hostile = await request(`/api/auth/passkeys/${passkey.id}`, {
      ...json({ name: 'Work\nphone' }, bearer(accessToken)),
      method: 'PATCH',
    });
    expect(hostile.status).toBe(400);
  });

  it("answers 404 for another user's passkey, and leaves it alone", async () => {
    const owner = await withPasskey();
    const stranger = await signedIn();
    const path = `/api/auth/passkeys/${owner.passkey.id}`;
    const rename = await request(path, {
      ...json({ name: 'mine now' }, bearer(stranger.accessToken)),
      method: 'PATCH',
    });
    const remove = await request(path, { method: 'DELETE', headers: bearer(stranger.accessToken) });
    expect([rename.status, remove.status]).toEqual([404, 404]);
    expect(await passkeys.list(owner.accessToken)).toEqual([owner.passkey]);
    expect((await passkeys.login(owner.device)).status).toBe(200);
  });

  it('removes a passkey: it signs in no more, passkey.removed is recorded and the owner emailed', async () => {
    const { email, accessToken, passkey, device } = await withPasskey();
    const removed = await request(`/api/auth/passkeys/${passkey.id}`, {
      method: 'DELETE',
      headers: bearer(accessToken),
    });
    expect(removed.status).toBe(204);
    expect(await passkeys.list(accessToken)).toEqual([]);
    expect((await passkeys.login(device)).status).toBe(401);
    const again = await request(`/api/auth/passkeys/${passkey.id}`, { method: 'DELETE', headers: bearer(accessToken) });
    expect(again.status).toBe(404);
    const events = (await (await request('/api/auth/events', { headers: bearer(accessToken) })).json()) as {
      events: { type: string }[];
    };
    expect(events.events[0]?.type).toBe('passkey.removed');
    const [mail] = await outboxOf(request, email);
    expect(mail?.subject).toBe('A passkey was removed from your account');
  });

  it('needs a signed-in user for every management route', async () => {
    const routes = [
      request('/api/auth/passkeys'),
      request('/api/auth/passkeys/register/options', json({})),
      request('/api/auth/passkeys/register', json({ response: {} })),
      request('/api/auth/passkeys/abc', { method: 'DELETE' }),
    ];
    for (const response of await Promise.all(routes)) expect(response.status).toBe(401);
  });
});

describe('passwordless sign-in', () => {
  it('offers request options with no allowCredentials and a new challenge every time', async () => {
    const first = await passkeys.loginOptions();
    const second = await passkeys.loginOptions();
    expect(first).toMatchObject({ rpId: 'portcullis.test', userVerification: 'required', timeout: 300_000 });
    expect(first.allowCredentials).toBeUndefined();
    expect(first.challenge).not.toBe(second.challenge);
  });

  it('signs in with the login success answer, and notes when the passkey was last used', async () => {
    const { userId, email, device, accessToken, passkey } = await withPasskey();
    clock.advance(1000);
    const response = await passkeys.login(device);
    expect(response.status).toBe(200);
    expect(await response.clone().json()).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresIn: 600,
      user: expect.objectContaining({ id: userId, email }),
    });
    const cookies = response.headers.getSetCookie().map((cookie) => cookie.split('=')[0]);
    expect(cookies.sort()).toEqual(['__Secure-device', '__Secure-refresh']);
    expect(refreshCookieOf(response)).toBeTruthy();
    const body = (await response.json()) as { accessToken: string };
    expect((await client.me(body.accessToken)).status).toBe(200);
    expect(await passkeys.list(accessToken)).toEqual([{ ...passkey, lastUsedAt: new Date(clock.now()).toISOString() }]);
    const events = (await (await request('/api/auth/events', { headers: bearer(accessToken) })).json()) as {
      events: { type: string; method?: string }[];
    };
    expect(events.events[0]).toMatchObject({ type: 'login.succeeded', method: 'passkey' });
  });

  it('refuses a replayed assertion: each challenge signs in once', async () => {
    const { device } = await withPasskey();
    const assertion = await device.authenticate(await passkeys.loginOptions());
    const first = await request('/api/auth/passkeys/login', json({ response: assertion }));
    const replay = await request('/api/auth/passkeys/login', json({ response: assertion }));
    expect([first.status, replay.status]).toEqual([200, 401]);
    expect(await problemCode(replay)).toBe('INVALID_CREDENTIALS');
  });

  it('lets exactly one of two concurrent uses of one challenge sign in', async () => {
    const { device } = await withPasskey();
    const options = await passkeys.loginOptions();
    // Two different, individually valid assertions (counters 1 and 2) over the same challenge.
    const a = await device.authenticate(options);
    const b = await device.authenticate(options);
    const answers = await Promise.all(
      [b, a].map((assertion) => request('/api/auth/passkeys/login', json({ response: assertion }))),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
  });

  it('refuses an expired challenge', async () => {
    const { device } = await withPasskey();
    const options = await passkeys.loginOptions();
    clock.advance(5 * 60 * 1000);
    const assertion = await device.authenticate(options);
    const response = await request('/api/auth/passkeys/login', json({ response: assertion }));
    expect(response.status).toBe(401);
  });

  it('accepts a challenge answered just before it expires', async () => {
    const { device } = await withPasskey();
    const options = await passkeys.loginOptions();
    clock.advance(5 * 60 * 1000 - 1);
    const response = await request('/api/auth/passkeys/login', json({ response: await device.authenticate(options) }));
    expect(response.status).toBe(200);
  });

  it('refuses an assertion made on another origin (phishing) or for another RP ID', async () => {
    const { device } = await withPasskey();
    const phishing = await passkeys.login(device, { origin: 'https://portcullis-test.evil.example' });
    const otherRp = await passkeys.login(device, { rpId: 'evil.example' });
    for (const response of [phishing, otherRp]) {
      expect(response.status).toBe(401);
      expect(await problemCode(response)).toBe('INVALID_CREDENTIALS');
    }
  });

  it('refuses a signature counter that goes backwards or stands still', async () => {
    const { device } = await withPasskey();
    expect((await passkeys.login(device, { counter: 5 })).status).toBe(200);
    expect((await passkeys.login(device, { counter: 3 })).status).toBe(401);
    expect((await passkeys.login(device, { counter: 5 })).status).toBe(401);
    expect((await passkeys.login(device, { counter: 6 })).status).toBe(200);
  });

  it('refuses an unknown credential and a forged signature', async () => {
    const { device } = await withPasskey();
    const stranger = passkeys.authenticator();
    const other = await stranger.register({
      challenge: 'x',
      rp: { id: 'portcullis.test', name: 'Portcullis' },
      user: { id: 'someone', name: 'someone', displayName: 'someone' },
    });
    expect(other.id).toBeTruthy();
    const unknown = await passkeys.login(stranger);
    const forged = await passkeys.login(device, { signWith: stranger.credentials[0] });
    expect([unknown.status, forged.status]).toEqual([401, 401]);
  });

  it('refuses an assertion without user verification', async () => {
    const { device } = await withPasskey();
    const response = await passkeys.login(device, { flags: FLAGS.UP });
    expect(response.status).toBe(401);
  });

  it('refuses a registration challenge used to sign in', async () => {
    const { device, accessToken } = await withPasskey();
    const options = await passkeys.registrationOptions(accessToken);
    const assertion = await device.authenticate({ challenge: options.challenge, rpId: 'portcullis.test' });
    const response = await request('/api/auth/passkeys/login', json({ response: assertion }));
    expect(response.status).toBe(401);
  });

  it('answers 403 ACCOUNT_BLOCKED to a blocked user with a valid passkey', async () => {
    const { device, userId } = await withPasskey();
    await block(deps.store, { userId, reason: 'test', at: clock.now(), event: '{}' });
    const response = await passkeys.login(device);
    expect(response.status).toBe(403);
    expect(await problemCode(response)).toBe('ACCOUNT_BLOCKED');
    expect(refreshCookieOf(response)).toBeNull();
  });

  it('answers hostile bodies with 400, never 5xx', async () => {
    const bodies = [
      {},
      { response: null },
      { response: { id: 'a', rawId: 'a', type: 'public-key', response: {} } },
      {
        response: {
          id: 'a',
          rawId: 'a',
          type: 'public-key',
          clientExtensionResults: {},
          response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
        },
      },
    ];
    const statuses = await Promise.all(
      bodies.map(async (body) => (await request('/api/auth/passkeys/login', json(body))).status),
    );
    expect(statuses).toEqual([400, 400, 400, 401]);
  });
});

describe('passkey sign-in limits', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers 429 past RATE_LIMIT_PASSKEY_MAX requests from one address, options and answers alike', async () => {
    const { request, from } = limitedApp({ RATE_LIMIT_PASSKEY_MAX: 3 });
    const ip = randomIp();
    const statuses: number[] = [];
    for (const path of ['/login/options', '/login', '/login/options', '/login']) {
      const body = path === '/login' ? { response: {} } : {};
      statuses.push((await request(`/api/auth/passkeys${path}`, from(ip, json(body)))).status);
    }
    expect(statuses).toEqual([200, 400, 200, 429]);
    await expectRateLimited(await request('/api/auth/passkeys/login/options', from(ip, json({}))));
    // Another address is not affected.
    expect((await request('/api/auth/passkeys/login/options', from(randomIp(), json({})))).status).toBe(200);
  });
});
