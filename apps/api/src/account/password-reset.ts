import type { Context } from 'hono';
import type { AppEnv, Deps } from '../app-env.ts';
import { keys } from '../keys/keys.ts';
import type { MailMessage } from '../mail/mailer.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import { repliesOf } from '../store/store.ts';
import type { StoredUser } from '../users/user.ts';
import { passwordResetEmail } from './account-emails.ts';
import { consumeReset } from './account-scripts.ts';
import { issueAccountToken } from './account-tokens.ts';
import { appUrl, tokenLink } from './app-url.ts';
import { type OneTimeToken, tokenHash } from './one-time-token.ts';

/**
 * The reset email for the user, with a fresh token that replaces any earlier one; null for an
 * unknown email, after the same work (see issueAccountToken).
 */
export async function resetMessage(c: Context<AppEnv>, user: StoredUser | null): Promise<MailMessage | null> {
  const deps = c.get('deps');
  const issued = await issueAccountToken(deps, 'reset', user, deps.now());
  if (issued.status !== 'issued' || !user) return null;
  return passwordResetEmail({
    to: user.email,
    name: user.name,
    link: tokenLink(appUrl(c), 'reset-password', issued.token),
    ttlSeconds: deps.config.PASSWORD_RESET_TTL_SECONDS,
  });
}

export type TokenCheck = { status: 'ok'; email: string; name: string } | { status: 'expired' | 'invalid' };

/**
 * A read-only look before the expensive part: a reset hashes the new password with argon2id, and
 * a garbage or spent token should not buy that work. The script checks again, atomically.
 */
export async function peekResetToken(deps: Deps, token: OneTimeToken, now: number): Promise<TokenCheck> {
  const [stored, user] = repliesOf(
    await deps.store.batch([
      ['HMGET', keys.userResetToken(token.userId), 'h', 'exp'],
      ['HMGET', keys.user(token.userId), 'email', 'name'],
    ]),
  );
  const [hash, exp] = Array.isArray(stored) ? stored : [];
  const [email, name] = Array.isArray(user) ? user : [];
  if (typeof hash !== 'string' || hash !== (await tokenHash(token.token)) || typeof email !== 'string') {
    return { status: 'invalid' };
  }
  if (now >= Number(exp)) return { status: 'expired' };
  return { status: 'ok', email, name: typeof name === 'string' ? name : '' };
}

/** New hash + token consumed + every session ended + event, in one script. */
export async function consumeResetToken(
  deps: Deps,
  input: { token: OneTimeToken; passwordHash: string; now: number; event: string },
): Promise<{ status: 'ok'; sessionsEnded: number } | { status: 'expired' | 'invalid' }> {
  const { userId } = input.token;
  return consumeReset.run(deps.store, {
    user: keys.user(userId),
    token: keys.userResetToken(userId),
    index: keys.userSessions(userId),
    events: keys.userEvents(userId),
    hash: await tokenHash(input.token.token),
    now: input.now,
    pw: input.passwordHash,
    prefix: keys.sessionPrefix(userId),
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
  });
}
