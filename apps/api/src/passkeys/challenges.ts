import { base64url } from 'jose';
import { tokenHash } from '../account/one-time-token.ts';
import { keys } from '../store/keys.ts';
import { defineScript, type Store } from '../store/store.ts';

/** What a challenge was issued for; one issued for one ceremony is refused by every other. */
export type ChallengePurpose = 'register' | 'login' | 'mfa' | 'reauth';

/** CONTRACT.md: every challenge expires in 5 minutes. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/**
 * Takes a challenge: reads and deletes it in one step, so of two requests presenting the same
 * challenge — however close together — exactly one finds it. Consumed whatever the outcome: a
 * challenge presented for the wrong purpose, by the wrong user or too late is gone too.
 * KEYS: challenge. ARGV: `<purpose>:<subject>` expected, now (ms).
 * → 'ok' | 'missing' | 'mismatch' | 'expired'
 */
const consumeChallengeScript = defineScript(
  'consume-webauthn-challenge',
  `
local value = redis.call('GET', KEYS[1])
if not value then return 'missing' end
redis.call('DEL', KEYS[1])
local expires, binding = string.match(value, '^(%d+):(.*)$')
if binding ~= ARGV[1] then return 'mismatch' end
if tonumber(expires) <= tonumber(ARGV[2]) then return 'expired' end
return 'ok'
`,
);

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
  const reply = await store.run(
    consumeChallengeScript,
    [keys.webauthnChallenge(await tokenHash(input.challenge))],
    [`${input.purpose}:${input.subject}`, input.now],
  );
  if (reply === 'ok' || reply === 'missing' || reply === 'mismatch' || reply === 'expired') return reply;
  throw new Error(`consume-webauthn-challenge: unexpected reply ${String(reply)}`);
}
