import { describe, expect, it } from 'vitest';
import { manualClock, testApp } from '../../test/test-app.ts';
import { tokenHash } from '../account/one-time-token.ts';
import { randomId } from '../ids.ts';
import { keys } from '../keys/keys.ts';
import { CHALLENGE_TTL_MS, consumeChallenge, issueChallenge } from './challenges.ts';
import { addPasskey, recordPasskeyUse } from './passkeys.ts';

const clock = manualClock();
const { deps } = testApp({ now: clock.now });
const { store } = deps;

describe('WebAuthn challenges', () => {
  it('are taken by exactly one of two concurrent uses', async () => {
    const subject = randomId();
    const challenge = await issueChallenge(store, { purpose: 'login', subject, now: clock.now() });
    const take = () => consumeChallenge(store, { challenge, purpose: 'login', subject, now: clock.now() });
    const verdicts = await Promise.all([take(), take(), take()]);
    expect(verdicts.sort()).toEqual(['missing', 'missing', 'ok']);
  });

  it('work for their purpose and subject only, and are gone after a wrong try', async () => {
    const subject = randomId();
    const challenge = await issueChallenge(store, { purpose: 'reauth', subject, now: clock.now() });
    expect(await consumeChallenge(store, { challenge, purpose: 'mfa', subject, now: clock.now() })).toBe('mismatch');
    expect(await consumeChallenge(store, { challenge, purpose: 'reauth', subject, now: clock.now() })).toBe('missing');
  });

  it('expire after five minutes of the API clock', async () => {
    const subject = randomId();
    const now = clock.now();
    const challenge = await issueChallenge(store, { purpose: 'login', subject, now });
    const at = now + CHALLENGE_TTL_MS;
    expect(await consumeChallenge(store, { challenge, purpose: 'login', subject, now: at })).toBe('expired');
  });

  it('are stored only as a hash', async () => {
    const challenge = await issueChallenge(store, { purpose: 'login', subject: '', now: clock.now() });
    const stored = await Promise.all([
      store.send(['EXISTS', keys.webauthnChallenge(challenge)]),
      store.send(['EXISTS', keys.webauthnChallenge(await tokenHash(challenge))]),
    ]);
    expect(stored).toEqual([0, 1]);
  });
});

describe('passkey sign-in counters', () => {
  it('accept one of two concurrent uses with the same counter', async () => {
    // What two sign-ins of a cloned authenticator do: each passed the library's counter check
    // against the same stored counter (0), and both now record counter 7.
    const userId = randomId();
    await store.send(['HSET', keys.user(userId), 'id', userId]);
    const passkey = {
      id: randomId(),
      credentialId: randomId(),
      publicKey: new Uint8Array([1, 2, 3]),
      counter: 0,
      transports: [],
      name: 'Clone',
      createdAt: clock.now(),
    };
    expect(await addPasskey(store, { userId, passkey, max: 5, event: '{}' })).toBe('ok');
    const stale = { ...passkey, lastUsedAt: null };
    const use = () => recordPasskeyUse(store, { userId, passkey: stale, counter: 7, now: clock.now() });
    expect((await Promise.all([use(), use()])).sort()).toEqual(['ok', 'replayed']);
    expect(await recordPasskeyUse(store, { userId, passkey: stale, counter: 6, now: clock.now() })).toBe('replayed');
    expect(await recordPasskeyUse(store, { userId, passkey: stale, counter: 8, now: clock.now() })).toBe('ok');
  });
});
