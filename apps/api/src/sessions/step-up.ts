import { keys } from '../store/keys.ts';
import { defineScript, type Store } from '../store/store.ts';

/*
 * Step-up: a session remembers when its user last proved a credential — at sign-in (the session's
 * `born`) and at every re-authentication (`pr`, written here) — and sensitive routes want that
 * within REAUTH_WINDOW_SECONDS (middleware/require-recent-auth.ts). The check reads the time in
 * the session check every authenticated request already makes (touch-session), so it costs no
 * round trip of its own.
 */

/**
 * KEYS: session. ARGV: now. → 1 | 0 (no such session, or it has expired: nothing is created).
 * Only ever moves `pr` forward: two re-authentications racing cannot leave the older time.
 */
const markProved = defineScript(
  'session-proved',
  `
local s = redis.call('HMGET', KEYS[1], 'abs', 'idle', 'pr')
local now = tonumber(ARGV[1])
if not s[1] or now >= tonumber(s[1]) or now >= tonumber(s[2]) then return 0 end
if not s[3] or tonumber(s[3]) < now then redis.call('HSET', KEYS[1], 'pr', now) end
return 1
`,
);

/** Records that the session's user has just proved a credential again; false if the session is gone. */
export async function noteCredentialProved(
  store: Store,
  input: { userId: string; sessionId: string; now: number },
): Promise<boolean> {
  return (await store.run(markProved, [keys.session(input.userId, input.sessionId)], [input.now])) === 1;
}
