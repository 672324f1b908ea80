import type { Deps } from '../app-env.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import { keys } from '../store/keys.ts';
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
  const reply = await deps.store.run(
    changePassword,
    [keys.user(userId), keys.userSessions(userId), keys.userEvents(userId), keys.userResetToken(userId)],
    [
      input.expectedHash,
      input.newHash,
      keys.sessionPrefix(userId),
      input.keepSessionId,
      input.event,
      SECURITY_EVENT_CAP,
    ],
  );
  const [status, ended] = Array.isArray(reply) ? reply : [];
  return status === 'ok' ? { status, sessionsEnded: Number(ended) } : { status: 'conflict' };
}
