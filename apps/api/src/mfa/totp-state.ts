import type { Deps } from '../app-env.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import { keys } from '../store/keys.ts';
import { defineScript } from '../store/store.ts';
import { open, seal } from './secret-box.ts';

/*
 * A user's TOTP authenticator in Redis: the secret only ever sealed (secret-box.ts, bound to the
 * user), the last step spent beside it. Every change is one script; time comes from ARGV.
 */

type TotpDeps = Pick<Deps, 'store' | 'secrets'>;

const context = (userId: string) => `totp|${userId}`;

/** Events are serialised by the Worker (no cjson in scripts); pushed as they are, capped. */
const pushEvent = `
local function pushEvent(key, event, cap)
  redis.call('LPUSH', key, event)
  redis.call('LTRIM', key, 0, cap - 1)
end
`;

/**
 * The replay guard: accepts `step` only if it is later than the last step accepted, and records
 * it — checked and written in one step, so two requests with the same code cannot both pass.
 * KEYS: totp. ARGV: step. → 1 accepted | 0 replayed (or no authenticator)
 */
const spendStep = defineScript(
  'totp-spend-step',
  `
local last = redis.call('HGET', KEYS[1], 'last')
if not last then return 0 end
if tonumber(ARGV[1]) <= tonumber(last) then return 0 end
redis.call('HSET', KEYS[1], 'last', ARGV[1])
return 1
`,
);

/**
 * Turns the set-up secret into the user's authenticator, with new recovery codes, if the set-up
 * is still the one the code was checked against (a newer set-up meanwhile: 'changed').
 * KEYS: totp, setup, recovery codes, events. ARGV: sealed secret, step, now, event, eventCap,
 * then the recovery codes' hashes.
 * → 'ok' | 'exists' (TOTP is already on) | 'changed'
 */
const enable = defineScript(
  'totp-enable',
  `${pushEvent}
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 'changed' end
redis.call('HSET', KEYS[1], 's', ARGV[1], 'last', ARGV[2], 'at', ARGV[3])
redis.call('DEL', KEYS[2], KEYS[3])
for i = 6, #ARGV do redis.call('SADD', KEYS[3], ARGV[i]) end
pushEvent(KEYS[4], ARGV[4], tonumber(ARGV[5]))
return 'ok'
`,
);

/**
 * Turns TOTP off. The recovery codes go too unless a passkey remains, for which they still stand
 * in. KEYS: totp, recovery codes, passkeys, events. ARGV: event, eventCap. → 1 | 0 (TOTP was off)
 */
const disable = defineScript(
  'totp-disable',
  `${pushEvent}
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
if redis.call('HLEN', KEYS[3]) == 0 then redis.call('DEL', KEYS[2]) end
pushEvent(KEYS[4], ARGV[1], tonumber(ARGV[2]))
return 1
`,
);

/** Keeps a new secret, sealed, until it is confirmed or TOTP_SETUP_TTL_SECONDS pass. Replaces any earlier one. */
export async function startTotpSetup(
  deps: TotpDeps & Pick<Deps, 'config'>,
  userId: string,
  secret: string,
): Promise<void> {
  const sealed = await seal((await deps.secrets).mfaKey, secret, context(userId));
  await deps.store.send(['SET', keys.userTotpSetup(userId), sealed, 'EX', deps.config.TOTP_SETUP_TTL_SECONDS]);
}

/** The secret waiting for confirmation, sealed and opened; null when there is none (or it is not ours). */
export async function pendingTotpSecret(
  deps: TotpDeps,
  userId: string,
): Promise<{ secret: string; sealed: string } | null> {
  const sealed = await deps.store.send(['GET', keys.userTotpSetup(userId)]);
  if (typeof sealed !== 'string') return null;
  const secret = await open((await deps.secrets).mfaKey, sealed, context(userId));
  return secret ? { secret, sealed } : null;
}

/** The confirmed authenticator's secret; null when TOTP is off (or the key has changed: see mfa-config.ts). */
export async function totpSecretOf(deps: TotpDeps, userId: string): Promise<string | null> {
  const sealed = await deps.store.send(['HGET', keys.userTotp(userId), 's']);
  if (typeof sealed !== 'string') return null;
  return open((await deps.secrets).mfaKey, sealed, context(userId));
}

/** Spends a time step of the user's authenticator; false when it (or a later one) was spent already. */
export async function spendTotpStep(deps: Pick<Deps, 'store'>, userId: string, step: number): Promise<boolean> {
  return (await deps.store.run(spendStep, [keys.userTotp(userId)], [step])) === 1;
}

export type EnableTotpResult = 'ok' | 'exists' | 'changed';

/** Confirms the pending set-up: TOTP is on, `step` is spent, and the recovery codes are these. */
export async function enableTotp(
  deps: Pick<Deps, 'store'>,
  input: { userId: string; sealed: string; step: number; now: number; event: string; recoveryHashes: string[] },
): Promise<EnableTotpResult> {
  const { userId } = input;
  const reply = await deps.store.run(
    enable,
    [keys.userTotp(userId), keys.userTotpSetup(userId), keys.userRecoveryCodes(userId), keys.userEvents(userId)],
    [input.sealed, input.step, input.now, input.event, SECURITY_EVENT_CAP, ...input.recoveryHashes],
  );
  if (reply === 'ok' || reply === 'exists' || reply === 'changed') return reply;
  throw new Error(`totp-enable: unexpected reply ${String(reply)}`);
}

/** Turns TOTP off; false when it was not on. */
export async function disableTotp(deps: Pick<Deps, 'store'>, userId: string, event: string): Promise<boolean> {
  const reply = await deps.store.run(
    disable,
    [keys.userTotp(userId), keys.userRecoveryCodes(userId), keys.userPasskeys(userId), keys.userEvents(userId)],
    [event, SECURITY_EVENT_CAP],
  );
  return reply === 1;
}
