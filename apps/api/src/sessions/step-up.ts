import { keys } from '../keys/keys.ts';
import { defineScript } from '../store/define-script.ts';
import { integer } from '../store/reply.ts';
import type { Store } from '../store/store.ts';

/*
 * Step-up: a session remembers when its user last proved a credential — at sign-in (the session's
 * `born`) and at every re-authentication (`pr`, written here) — and sensitive routes want that
 * within REAUTH_WINDOW_SECONDS (middleware/require-recent-auth.ts). The check reads the time in
 * the session check every authenticated request already makes (touch-session), so it costs no
 * round trip of its own.
 */

/**
 * → 1 | 0 (no such session, or it has expired: nothing is created). Only ever moves `pr`
 * forward: two re-authentications racing cannot leave the older time.
 */
const markProved = defineScript({
  name: 'session-proved',
  keys: ['session'],
  args: ['now'],
  reply: integer,
  lua: `
now = tonumber(now)
local s = redis.call('HMGET', sessionKey, 'abs', 'idle', 'pr')
if not s[1] or now >= tonumber(s[1]) or now >= tonumber(s[2]) then return 0 end
if not s[3] or tonumber(s[3]) < now then redis.call('HSET', sessionKey, 'pr', now) end
return 1
`,
});

/** Records that the session's user has just proved a credential again; false if the session is gone. */
export async function noteCredentialProved(
  store: Store,
  input: { userId: string; sessionId: string; now: number },
): Promise<boolean> {
  return (await markProved.run(store, { session: keys.session(input.userId, input.sessionId), now: input.now })) === 1;
}
