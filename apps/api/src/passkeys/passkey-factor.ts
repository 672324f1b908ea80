import type { FactorCheck } from '../mfa/factor-answer.ts';
import type { CeremonyBinding } from './ceremonies.ts';
import { verifyAssertion } from './ceremonies.ts';

/**
 * The challenge a second-factor or re-authentication answer must be for. A sign-in's is bound to
 * the ticket's user (`POST /api/auth/mfa/webauthn/options`); a re-authentication's to the session
 * that asked (`POST /api/auth/reauth/options`), as registration's is.
 */
export function factorBinding(
  purpose: 'sign-in' | 'reauth',
  userId: string,
  sessionId: string | undefined,
): CeremonyBinding {
  return purpose === 'sign-in'
    ? { purpose: 'mfa', subject: userId }
    : { purpose: 'reauth', subject: `${userId}:${sessionId ?? ''}` };
}

/**
 * A passkey as a second factor or for step-up (mfa/factor-checks.ts's `webauthn`): the assertion
 * (its shape checked at the boundary) must answer the challenge issued for this purpose, with one
 * of this user's passkeys, with user verification; the challenge is spent either way. Anything
 * that fails is a wrong answer (false), which the caller counts.
 */
export const checkPasskeyAnswer: FactorCheck<'webauthn'> = async (c, { userId, purpose, answer }) => {
  const sessionId = purpose === 'reauth' ? c.get('auth').sessionId : undefined;
  const binding = factorBinding(purpose, userId, sessionId);
  const owner = await verifyAssertion(c.get('deps'), { ...binding, response: answer.response, userId });
  return owner !== null;
};
