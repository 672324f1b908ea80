import type { Deps } from '../app-env.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import { keys } from '../store/keys.ts';
import { defineScript } from '../store/store.ts';

/*
 * Recovery codes: RECOVERY_CODE_COUNT of them, each 10 random base32 characters (50 bits) shown
 * as `xxxxx-xxxxx`, shown once and stored only as SHA-256 hashes in a set. Using one is one SREM,
 * so two requests with the same code cannot both succeed. 50 bits are far beyond online guessing
 * (an answer costs a login ticket's try and counts toward the login lockout); the user id is
 * hashed in so that one user's hash says nothing about another's codes.
 */

export const RECOVERY_CODE_COUNT = 10;
/** RFC 4648 base32, lower-case: no 0, 1, 8 or 9 to mistake for letters. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Fresh codes, as shown to the user (once). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    // 32 symbols: each random byte's low five bits pick one uniformly.
    const chars = Array.from(crypto.getRandomValues(new Uint8Array(10)), (byte) => ALPHABET[byte & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What a user types, as we compare it: case, spaces and dashes do not matter. */
function normalise(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

/** Hex SHA-256 of the normalised code, bound to its user: what Redis keeps. */
export async function recoveryCodeHash(userId: string, code: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`recovery|${userId}|${normalise(code)}`),
  );
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * KEYS: recovery codes, events. ARGV: hash, event, eventCap.
 * → {1, codes left} when the code was unused (now spent) | {0}
 */
const useCode = defineScript(
  'recovery-code-use',
  `
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return {0} end
redis.call('LPUSH', KEYS[2], ARGV[2])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
return {1, redis.call('SCARD', KEYS[1])}
`,
);

/**
 * Only while the user has a second factor (TOTP on, or a passkey), checked in the same step:
 * recovery codes without one would be a way in of their own.
 * KEYS: recovery codes, events, totp, passkeys. ARGV: event, eventCap, then the new hashes.
 * → 1 | 0 (no second factor)
 */
const replaceCodes = defineScript(
  'recovery-codes-replace',
  `
if redis.call('EXISTS', KEYS[3]) == 0 and redis.call('HLEN', KEYS[4]) == 0 then return 0 end
redis.call('DEL', KEYS[1])
for i = 3, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
return 1
`,
);

/** Spends a recovery code; the number left, or null when it is not one of the user's unused codes. */
export async function useRecoveryCode(
  deps: Pick<Deps, 'store'>,
  input: { userId: string; code: string; event: string },
): Promise<number | null> {
  const reply = await deps.store.run(
    useCode,
    [keys.userRecoveryCodes(input.userId), keys.userEvents(input.userId)],
    [await recoveryCodeHash(input.userId, input.code), input.event, SECURITY_EVENT_CAP],
  );
  return Array.isArray(reply) && reply[0] === 1 ? Number(reply[1]) : null;
}

/**
 * New codes for the user, for showing once; the old ones stop working in the same step. Null when
 * the user has no second factor.
 */
export async function replaceRecoveryCodes(
  deps: Pick<Deps, 'store'>,
  input: { userId: string; event: string },
): Promise<string[] | null> {
  const { userId } = input;
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((code) => recoveryCodeHash(userId, code)));
  const reply = await deps.store.run(
    replaceCodes,
    [keys.userRecoveryCodes(userId), keys.userEvents(userId), keys.userTotp(userId), keys.userPasskeys(userId)],
    [input.event, SECURITY_EVENT_CAP, ...hashes],
  );
  return reply === 1 ? codes : null;
}
