import { base64url } from 'jose';
import { tokenHash } from '../account/one-time-token.ts';
import { keys } from '../keys/keys.ts';
import { defineScript } from '../store/define-script.ts';
import { statusReply } from '../store/reply.ts';
import type { Store } from '../store/store.ts';

/** What a challenge was issued for; one issued for one ceremony is refused by every other. */
export type ChallengePurpose = 'register' | 'login' | 'mfa' | 'reauth';

/** CONTRACT.md: every challenge expires in 5 minutes. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/**
 * Takes a challenge: reads and deletes it in one step, so of two requests presenting the same
 * challenge — however close together — exactly one finds it. Consumed whatever the outcome: a
 * challenge presented for the wrong purpose, by the wrong user or too late is gone too.
 */
const consumeChallengeScript = defineScript({
  name: 'consume-webauthn-challenge',
  keys: ['challenge'],
  args: ['binding', 'now'],
  reply: statusReply({ ok: {}, missing: {}, mismatch: {}, expired: {} }),
  lua: `
local value = redis.call('GET', challengeKey)
if not value then return {'missing'} end
redis.call('DEL', challengeKey)
local expires, bound = string.match(value, '^(%d+):(.*)$')
if bound ~= binding then return {'mismatch'} end
if tonumber(expires) <= tonumber(now) then return {'expired'} end
return {'ok'}
`,
});

export type ChallengeVerdict = 'ok' | 'missing' | 'mismatch' | 'expired';

/**
 * `subject` binds the challenge to who may answer it: the user (and session or login ticket) when
 * known, '' for a passwordless sign-in, where nobody is known yet.
 */
interface Binding {
  purpose: ChallengePurpose;
  subject: string;
}

/**
 * A new random challenge (256 bits, base64url) for one ceremony. Only its SHA-256 is stored, so a
 * Redis dump holds nothing an attacker could answer. The expiry is the API's clock (tests move
 * it); the key's TTL only collects what that check already refuses.
 */
export async function issueChallenge(store: Store, binding: Binding & { now: number }): Promise<string> {
  const challenge = base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
  const value = `${binding.now + CHALLENGE_TTL_MS}:${binding.purpose}:${binding.subject}`;
  await store.send(['SET', keys.webauthnChallenge(await tokenHash(challenge)), value, 'PX', CHALLENGE_TTL_MS]);
  return challenge;
}

/** Takes the challenge (see the script above): 'ok' at most once per challenge. */
export async function consumeChallenge(
  store: Store,
  input: Binding & { challenge: string; now: number },
): Promise<ChallengeVerdict> {
  const verdict = await consumeChallengeScript.run(store, {
    challenge: keys.webauthnChallenge(await tokenHash(input.challenge)),
    binding: `${input.purpose}:${input.subject}`,
    now: input.now,
  });
  return verdict.status;
}
