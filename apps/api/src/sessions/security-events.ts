import * as z from 'zod';
import { keys } from '../keys/keys.ts';
import { defineScript } from '../store/define-script.ts';
import { integer } from '../store/reply.ts';
import { type Reply, repliesOf, type Store } from '../store/store.ts';
import { hashReply } from '../users/user.ts';

/** Failed logins are summed per clock hour: one entry per hour, however many there were. */
export const FAILED_LOGIN_WINDOW_MS = 60 * 60 * 1000;
/** Hours of failed logins kept, newest first; older hours are dropped. */
export const FAILED_LOGIN_WINDOWS_KEPT = 20;

/**
 * Adds a failure to the tally of its window (`hour`, the window number). Per window `<n>:count`, `<n>:first` (time of the first failure) and `<n>:last` (the latest
 * failure's event, as the Worker serialised it: no cjson in scripts). Strangers cause these, so
 * they have a store of their own, bounded by windows rather than by attempts: however many there
 * are, they never push the user's other events out of theirs.
 */
const recordFailure = defineScript({
  name: 'record-failed-login',
  keys: ['failures'],
  args: ['hour', 'event', 'at', 'kept'],
  reply: integer,
  lua: `redis.call('HINCRBY', failuresKey, hour .. ':count', 1)
redis.call('HSETNX', failuresKey, hour .. ':first', at)
redis.call('HSET', failuresKey, hour .. ':last', event)
local windows = {}
for _, field in ipairs(redis.call('HKEYS', failuresKey)) do
  local window = string.match(field, '^(%d+):count$')
  if window then windows[#windows + 1] = window end
end
local drop = #windows - tonumber(kept)
if drop > 0 then
  table.sort(windows, function(a, b) return tonumber(a) < tonumber(b) end)
  for i = 1, drop do
    redis.call('HDEL', failuresKey, windows[i] .. ':count', windows[i] .. ':first', windows[i] .. ':last')
  end
end
return 1`,
});

/** Adds a failed login (a `login.failed` event, serialised) to its hour's tally (one round trip, atomic). */
export async function recordFailedLogin(store: Store, userId: string, event: string, now: number): Promise<void> {
  await recordFailure.run(store, {
    failures: keys.userFailedLogins(userId),
    hour: Math.floor(now / FAILED_LOGIN_WINDOW_MS),
    event,
    at: new Date(now).toISOString(),
    kept: FAILED_LOGIN_WINDOWS_KEPT,
  });
}

export const securityEventSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  at: z.string(),
  ip: z.string(),
  userAgent: z.string(),
  /** Failed logins only: how many in that hour (`at`, `ip` and `userAgent` are the latest's), since when. */
  count: z.number().int().positive().optional(),
  since: z.string().optional(),
  /** `admin`: a platform administrator did this (ip and userAgent are then empty). */
  actor: z.literal('admin').optional(),
  /** `sessions.revoked` of one session: the device that was signed out ("Chrome on macOS"). */
  device: z.string().optional(),
});
export type SecurityEventView = z.output<typeof securityEventSchema>;

function parseEvent(item: unknown, extra: Record<string, unknown> = {}): SecurityEventView[] {
  if (typeof item !== 'string') return [];
  try {
    const parsed = securityEventSchema.safeParse({ ...JSON.parse(item), ...extra });
    return parsed.success ? [parsed.data] : [];
  } catch {
    return [];
  }
}

/** One `login.failed` entry per hour of the tally, carrying its count. */
function failedLoginsOf(reply: Reply): SecurityEventView[] {
  const fields = hashReply(reply) ?? {};
  return Object.keys(fields).flatMap((field) => {
    const window = /^(\d+):count$/.exec(field)?.[1];
    if (!window) return [];
    return parseEvent(fields[`${window}:last`], { count: Number(fields[field]), since: fields[`${window}:first`] });
  });
}

/**
 * A user's security events, newest first: the capped list, with the failed-login tallies merged
 * in by time (one round trip).
 */
export async function eventsOf(store: Store, userId: string, limit = 100): Promise<SecurityEventView[]> {
  const [list, failures] = repliesOf(
    await store.batch([
      ['LRANGE', keys.userEvents(userId), 0, limit - 1],
      ['HGETALL', keys.userFailedLogins(userId)],
    ]),
  );
  const events = [
    ...(Array.isArray(list) ? list.flatMap((item) => parseEvent(item)) : []),
    ...failedLoginsOf(failures ?? null),
  ];
  // ISO 8601 UTC strings of one format order as their times do.
  return events.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
}
