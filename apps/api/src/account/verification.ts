import type { Context } from 'hono';
import type { AppEnv, Deps } from '../app-env.ts';
import { keys } from '../keys/keys.ts';
import type { MailMessage } from '../mail/mailer.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import { verificationEmail } from './account-emails.ts';
import { consumeVerification } from './account-scripts.ts';
import { issueAccountToken } from './account-tokens.ts';
import { appUrl, tokenLink } from './app-url.ts';
import { type OneTimeToken, tokenHash } from './one-time-token.ts';

export interface Recipient {
  id: string;
  email: string;
  name: string;
}

/**
 * A fresh verification link for the user (the previous one stops working), or why not: the
 * account is gone or already verified. `user` null does the same work and sends nothing.
 */
export async function verificationMessage(
  c: Context<AppEnv>,
  user: Recipient | null,
): Promise<{ status: 'issued'; message: MailMessage } | { status: 'missing' | 'verified' }> {
  const deps = c.get('deps');
  const issued = await issueAccountToken(deps, 'verify', user, deps.now());
  if (issued.status !== 'issued' || !user) return { status: issued.status === 'verified' ? 'verified' : 'missing' };
  return {
    status: 'issued',
    message: verificationEmail({
      to: user.email,
      name: user.name,
      link: tokenLink(appUrl(c), 'verify-email', issued.token),
      ttlSeconds: deps.config.EMAIL_VERIFICATION_TTL_SECONDS,
    }),
  };
}

/** Marks the token's user verified, once. */
export async function consumeVerificationToken(
  deps: Deps,
  token: OneTimeToken,
  now: number,
  event: string,
): Promise<'ok' | 'expired' | 'invalid'> {
  const { userId } = token;
  const { status } = await consumeVerification.run(deps.store, {
    user: keys.user(userId),
    token: keys.userVerifyToken(userId),
    events: keys.userEvents(userId),
    hash: await tokenHash(token.token),
    now,
    event,
    eventCap: SECURITY_EVENT_CAP,
  });
  return status;
}
