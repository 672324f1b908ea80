import { toSingleLine } from '@portcullis/permissions';
import * as z from 'zod';
import { keys } from '../keys/keys.ts';
import { defineScript } from '../store/define-script.ts';
import { integer } from '../store/reply.ts';
import type { Store } from '../store/store.ts';
import type { Mailer, MailMessage } from './mailer.ts';

export interface OutboxOptions {
  /** Messages kept per recipient; older ones fall off. */
  max: number;
  /** The recipient's outbox disappears this long after its latest message. */
  ttlSeconds: number;
}

/** Push, cap and expire together. */
const pushOutbox = defineScript({
  name: 'push-outbox',
  keys: ['outbox'],
  args: ['message', 'max', 'ttlSeconds'],
  reply: integer,
  lua: `redis.call('LPUSH', outboxKey, message)
redis.call('LTRIM', outboxKey, 0, tonumber(max) - 1)
redis.call('EXPIRE', outboxKey, tonumber(ttlSeconds))
return 1`,
});

const outboxEntrySchema = z.object({
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  links: z.array(z.string()),
});
export type OutboxEntry = z.output<typeof outboxEntrySchema>;

/** Outbox keys are per recipient, compared the way accounts compare emails. */
const normalise = (email: string) => email.trim().toLowerCase();

/**
 * Development and test mailer: nothing leaves the machine; each message is kept in Redis under its
 * recipient, capped and expiring, for `GET /api/dev/outbox` (and tests) to read.
 */
export function createOutboxMailer(store: Store, options: OutboxOptions): Mailer {
  return {
    kind: 'outbox',
    async send(message: MailMessage): Promise<void> {
      const entry: OutboxEntry = {
        to: message.to,
        // As the HTTP mailer sends it, so that the outbox shows what would arrive.
        subject: toSingleLine(message.subject),
        text: message.text,
        html: message.html,
        links: message.links ?? [],
      };
      await pushOutbox.run(store, {
        outbox: keys.outbox(normalise(message.to)),
        message: JSON.stringify(entry),
        max: options.max,
        ttlSeconds: options.ttlSeconds,
      });
    },
  };
}

/** What the outbox holds for one recipient, newest first. */
export async function readOutbox(store: Store, email: string, limit: number): Promise<OutboxEntry[]> {
  const reply = await store.send(['LRANGE', keys.outbox(normalise(email)), 0, limit - 1]);
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((item) => {
    if (typeof item !== 'string') return [];
    try {
      const parsed = outboxEntrySchema.safeParse(JSON.parse(item));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}
