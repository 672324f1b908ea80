import type { Deps } from '../app-env.ts';
import { keys } from '../keys/keys.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import { defineScript } from '../store/define-script.ts';
import { integer, statusReply } from '../store/reply.ts';
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
  redis.call('LTRIM', key, 0, tonumber(cap) - 1)
end
`;

/**
 * The replay guard: accepts `step` only if it is later than the last step accepted, and records
 * it — checked and written in one step, so two requests with the same code cannot both pass.
 * → 1 accepted | 0 replayed (or no authenticator)
 */
const spendStep = defineScript({
  name: 'totp-spend-step',
  keys: ['totp'],
  args: ['step'],
  reply: integer,
  lua: `
local last = redis.call('HGET', totpKey, 'last')
if not last then return 0 end
if tonumber(step) <= tonumber(last) then return 0 end
redis.call('HSET', totpKey, 'last', step)
return 1
`,
});

/**
 * Turns the set-up secret into the user's authenticator, with new recovery codes (`hashes`), if
 * the set-up is still the one the code was checked against ('changed': a newer set-up meanwhile).
 * 'exists': TOTP is already on.
 */
const enable = defineScript({
  name: 'totp-enable',
  keys: ['totp', 'setup', 'codes', 'events'],
  args: ['sealed', 'step', 'now', 'event', 'eventCap'],
  rest: 'hashes',
  reply: statusReply({ ok: {}, exists: {}, changed: {} }),
  lua: `${pushEvent}
if redis.call('EXISTS', totpKey) == 1 then return {'exists'} end
if redis.call('GET', setupKey) ~= sealed then return {'changed'} end
redis.call('HSET', totpKey, 's', sealed, 'last', step, 'at', now)
redis.call('DEL', setupKey, codesKey)
for _, hash in ipairs(hashes) do redis.call('SADD', codesKey, hash) end
pushEvent(eventsKey, event, eventCap)
return {'ok'}
`,
});

/**
 * Turns TOTP off. The recovery codes go too unless a passkey remains, for which they still stand
 * in. → 1 | 0 (TOTP was off)
 */
const disable = defineScript({
  name: 'totp-disable',
  keys: ['totp', 'codes', 'passkeys', 'events'],
  args: ['event', 'eventCap'],
  reply: integer,
  lua: `${pushEvent}
if redis.call('DEL', totpKey) == 0 then return 0 end
if redis.call('HLEN', passkeysKey) == 0 then redis.call('DEL', codesKey) end
pushEvent(eventsKey, event, eventCap)
return 1
`,
});

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
  return (await spendStep.run(deps.store, { totp: keys.userTotp(userId), step })) === 1;
}

export type EnableTotpResult = 'ok' | 'exists' | 'changed';

/** Confirms the pending set-up: TOTP is on, `step` is spent, and the recovery codes are these. */
export async function enableTotp(
  deps: Pick<Deps, 'store'>,
  input: { userId: string; sealed: string; step: number; now: number; event: string; recoveryHashes: string[] },
): Promise<EnableTotpResult> {
  const { userId } = input;
  const { status } = await enable.run(deps.store, {
    totp: keys.userTotp(userId),
    setup: keys.userTotpSetup(userId),
    codes: keys.userRecoveryCodes(userId),
    events: keys.userEvents(userId),
    sealed: input.sealed,
    step: input.step,
    now: input.now,
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
    hashes: input.recoveryHashes,
  });
  return status;
}

/** Turns TOTP off; false when it was not on. */
export async function disableTotp(deps: Pick<Deps, 'store'>, userId: string, event: string): Promise<boolean> {
  const disabled = await disable.run(deps.store, {
    totp: keys.userTotp(userId),
    codes: keys.userRecoveryCodes(userId),
    passkeys: keys.userPasskeys(userId),
    events: keys.userEvents(userId),
    event,
    eventCap: SECURITY_EVENT_CAP,
  });
  return disabled === 1;
}
