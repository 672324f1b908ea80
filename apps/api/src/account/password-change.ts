import type { Deps } from '../app-env.ts';
import { keys } from '../keys/keys.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import { changePassword } from './account-scripts.ts';

/**
 * Swaps the password hash if it is still the one the caller verified, ends every session but
 * `keepSessionId`, drops any pending reset link, records the event — one script.
 */
export async function replacePasswordHash(
  deps: Deps,
  input: { userId: string; expectedHash: string; newHash: string; keepSessionId: string; event: string },
): Promise<{ status: 'ok'; sessionsEnded: number } | { status: 'conflict' }> {
  const { userId } = input;
  return changePassword.run(deps.store, {
    user: keys.user(userId),
    index: keys.userSessions(userId),
    events: keys.userEvents(userId),
    resetToken: keys.userResetToken(userId),
    expected: input.expectedHash,
    pw: input.newHash,
    prefix: keys.sessionPrefix(userId),
    keep: input.keepSessionId,
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
  });
}
