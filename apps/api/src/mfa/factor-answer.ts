import type { Context } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app-env.ts';
import { authenticationResponseSchema } from '../passkeys/response-schemas.ts';

/*
 * What a second-factor answer looks like (`{ method, … }`) and what checking one means; the checks
 * themselves are in factor-checks.ts (TOTP, recovery codes) and passkeys/passkey-factor.ts.
 */

/** A code as typed: its format is the check's business (a malformed code is just a wrong one). */
const code = z.string().max(64);

export const totpAnswer = z.object({ method: z.literal('totp'), code });
export const recoveryAnswer = z.object({ method: z.literal('recovery'), code });
/**
 * The WebAuthn assertion in its standard JSON form (`AuthenticationResponseJSON`), checked for
 * shape here at the boundary, so a malformed one is a 400 that spends nothing (no ticket try, no
 * login attempt).
 */
export const webauthnAnswer = z.object({ method: z.literal('webauthn'), response: authenticationResponseSchema });

export const factorAnswerSchema = z.discriminatedUnion('method', [totpAnswer, recoveryAnswer, webauthnAnswer]);
export type FactorAnswer = z.output<typeof factorAnswerSchema>;
export type FactorMethod = FactorAnswer['method'];

export interface FactorCheckInput<M extends FactorMethod> {
  /** The user the answer must prove: the login ticket's, or the signed-in session's. */
  userId: string;
  /** Which challenge a WebAuthn answer must be for (`/mfa/webauthn/options` or `/reauth/options`). */
  purpose: 'sign-in' | 'reauth';
  answer: Extract<FactorAnswer, { method: M }>;
}

/**
 * Whether the answer proves the user. A one-time answer (a TOTP step, a recovery code, a WebAuthn
 * challenge) is spent by a right check, atomically, so it can never be right twice. A wrong answer
 * returns false (the caller counts it); only a broken request throws.
 */
export type FactorCheck<M extends FactorMethod> = (c: Context<AppEnv>, input: FactorCheckInput<M>) => Promise<boolean>;
