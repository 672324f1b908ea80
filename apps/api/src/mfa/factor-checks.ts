import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { checkPasskeyAnswer } from '../passkeys/passkey-factor.ts';
import { requestMeta } from '../sessions/request-meta.ts';
import { securityEvent } from '../sessions/security-event.ts';
import { userById } from '../users/users.ts';
import type { FactorCheck, FactorCheckInput, FactorMethod } from './factor-answer.ts';
import { noticeRecoveryCodeUsed } from './mfa-notices.ts';
import { useRecoveryCode } from './recovery-codes.ts';
import { totpStepOf } from './totp.ts';
import { spendTotpStep, totpSecretOf } from './totp-state.ts';

/*
 * The second factors, one check each, behind one map. A login ticket (`POST /api/auth/mfa/verify`)
 * and a re-authentication (`POST /api/auth/reauth`) both answer with `{ method, … }` and both go
 * through `checkFactor`. A method whose check is `null` answers 400 VALIDATION_FAILED.
 */

const checkTotp: FactorCheck<'totp'> = async (c, { userId, answer }) => {
  const deps = c.get('deps');
  const secret = await totpSecretOf(deps, userId);
  if (!secret) return false;
  const step = totpStepOf(secret, answer.code, deps.now());
  // The step is computed here; the script accepts it only if it is later than the last one spent.
  return step !== null && (await spendTotpStep(deps, userId, step));
};

const checkRecoveryCode: FactorCheck<'recovery'> = async (c, { userId, answer }) => {
  const deps = c.get('deps');
  const event = securityEvent('mfa.recovery-code.used', deps.now(), requestMeta(c));
  const left = await useRecoveryCode(deps, { userId, code: answer.code, event });
  if (left === null) return false;
  const user = await userById(deps.store, userId);
  if (user) await noticeRecoveryCodeUsed(c, user, left);
  return true;
};

/**
 * THE PLUG-IN POINT of second factors. `webauthn` is passkeys/'s check (passkeys/passkey-factor.ts:
 * the assertion against the challenge it issued for `input.purpose`, for a credential of
 * `input.userId`, with user verification, counter and origin checks).
 */
export const factorChecks: { [M in FactorMethod]: FactorCheck<M> | null } = {
  totp: checkTotp,
  recovery: checkRecoveryCode,
  webauthn: checkPasskeyAnswer,
};

function checkOf<M extends FactorMethod>(method: M): FactorCheck<M> {
  const check = factorChecks[method];
  if (!check) {
    throw new ApiError('VALIDATION_FAILED', {
      detail: 'This sign-in method is not available.',
      errors: [{ path: 'method', message: 'Not available' }],
    });
  }
  return check;
}

/**
 * Refuses an answer whose method has no check, before anything is spent on it (a ticket's try, a
 * login attempt). `checkFactor` would refuse it too, later.
 */
export function requireFactorAvailable(method: FactorMethod): void {
  checkOf(method);
}

/** Runs the answer's check (see `FactorCheck`). */
export function checkFactor(c: Context<AppEnv>, input: FactorCheckInput<FactorMethod>): Promise<boolean> {
  return checkOf(input.answer.method)(c, input);
}
