import * as z from 'zod';
import { keys } from '../store/keys.ts';
import { defineScript, type Store } from '../store/store.ts';
import { SECURITY_EVENT_CAP } from './security-event.ts';

/** KEYS: events. ARGV: event, cap. Push and trim together, so the list never outgrows its cap. */
const pushEvent = defineScript(
  'push-event',
  `redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
return 1`,
);

/** Appends one event to the user's capped list (one round trip, atomic). */
export async function recordEvent(store: Store, userId: string, event: string): Promise<void> {
  await store.run(pushEvent, [keys.userEvents(userId)], [event, SECURITY_EVENT_CAP]);
}

export const securityEventSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  at: z.string(),
  ip: z.string(),
  userAgent: z.string(),
});
export type SecurityEventView = z.output<typeof securityEventSchema>;

/** A user's security events, newest first (the list is capped when written). */
export async function eventsOf(store: Store, userId: string, limit = 100): Promise<SecurityEventView[]> {
  const reply = await store.send(['LRANGE', keys.userEvents(userId), 0, limit - 1]);
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((item) => {
    if (typeof item !== 'string') return [];
    try {
      const parsed = securityEventSchema.safeParse(JSON.parse(item));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}
