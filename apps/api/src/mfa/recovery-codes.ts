import type { Deps } from '../app-env.ts';
import { keys } from '../keys/keys.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import { defineScript } from '../store/define-script.ts';
import { integer, statusReply } from '../store/reply.ts';

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

/** Spends the code of hash `hash` if it is unused ('used' otherwise), and records `event`. */
const useCode = defineScript({
  name: 'recovery-code-use',
  keys: ['codes', 'events'],
  args: ['hash', 'event', 'eventCap'],
  reply: statusReply({ ok: { left: integer }, used: {} }),
  lua: `
if redis.call('SREM', codesKey, hash) == 0 then return {'used'} end
redis.call('LPUSH', eventsKey, event)
redis.call('LTRIM', eventsKey, 0, tonumber(eventCap) - 1)
return {'ok', redis.call('SCARD', codesKey)}
`,
});

/**
 * Replaces the codes with `hashes`, only while the user has a second factor (TOTP on, or a
 * passkey), checked in the same step: recovery codes without one would be a way in of their own.
 * → 1 | 0 (no second factor)
 */
const replaceCodes = defineScript({
  name: 'recovery-codes-replace',
  keys: ['codes', 'events', 'totp', 'passkeys'],
  args: ['event', 'eventCap'],
  rest: 'hashes',
  reply: integer,
  lua: `
if redis.call('EXISTS', totpKey) == 0 and redis.call('HLEN', passkeysKey) == 0 then return 0 end
redis.call('DEL', codesKey)
for _, hash in ipairs(hashes) do redis.call('SADD', codesKey, hash) end
redis.call('LPUSH', eventsKey, event)
redis.call('LTRIM', eventsKey, 0, tonumber(eventCap) - 1)
return 1
`,
});

/** Spends a recovery code; the number left, or null when it is not one of the user's unused codes. */
export async function useRecoveryCode(
  deps: Pick<Deps, 'store'>,
  input: { userId: string; code: string; event: string },
): Promise<number | null> {
  const result = await useCode.run(deps.store, {
    codes: keys.userRecoveryCodes(input.userId),
    events: keys.userEvents(input.userId),
    hash: await recoveryCodeHash(input.userId, input.code),
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
  });
  return result.status === 'ok' ? result.left : null;
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
  const replaced = await replaceCodes.run(deps.store, {
    codes: keys.userRecoveryCodes(userId),
    events: keys.userEvents(userId),
    totp: keys.userTotp(userId),
    passkeys: keys.userPasskeys(userId),
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
    hashes,
  });
  return replaced === 1 ? codes : null;
}
