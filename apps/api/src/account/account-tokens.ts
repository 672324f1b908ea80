import type { Deps } from '../app-env.ts';
import { randomId } from '../ids.ts';
import { keys } from '../keys/keys.ts';
import { issueToken } from './account-scripts.ts';
import { newOneTimeToken, tokenHash } from './one-time-token.ts';

const SECOND = 1000;

export type AccountTokenKind = 'verify' | 'reset';

export const tokenKey = (kind: AccountTokenKind, userId: string): string =>
  kind === 'verify' ? keys.userVerifyToken(userId) : keys.userResetToken(userId);

export const tokenTtlSeconds = (deps: Deps, kind: AccountTokenKind): number =>
  kind === 'verify' ? deps.config.EMAIL_VERIFICATION_TTL_SECONDS : deps.config.PASSWORD_RESET_TTL_SECONDS;

export type IssueResult = { status: 'issued'; token: string } | { status: 'missing' | 'verified' };

/**
 * Issues a verification or reset token for the user, replacing any earlier one of that kind.
 * `user` null (an unknown email) does the same work against an id that cannot exist, so that the
 * answer takes the same time whether or not the account exists; nothing is written then.
 */
export async function issueAccountToken(
  deps: Deps,
  kind: AccountTokenKind,
  user: { id: string; email: string } | null,
  now: number,
): Promise<IssueResult> {
  const target = user ?? { id: randomId(), email: '' };
  const { token } = newOneTimeToken(target.id);
  const ttlMs = tokenTtlSeconds(deps, kind) * SECOND;
  const reply = await issueToken.run(deps.store, {
    user: keys.user(target.id),
    token: tokenKey(kind, target.id),
    hash: await tokenHash(token),
    exp: now + ttlMs,
    ttlMs,
    email: target.email,
    onlyUnverified: kind === 'verify' ? '1' : '0',
  });
  if (reply === 1 && user) return { status: 'issued', token };
  return { status: reply === 2 ? 'verified' : 'missing' };
}
