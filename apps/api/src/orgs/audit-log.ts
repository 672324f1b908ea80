import * as z from 'zod';
import { keys } from '../keys/keys.ts';
import { text } from '../store/reply.ts';
import type { Store } from '../store/store.ts';
import { hashReply } from '../users/user.ts';

/**
 * One entry of an org's audit log. The scripts that change an org write it in the same atomic
 * step as the change (see org-lua.ts `audit`); `details` carries what the action needs to be
 * understood later (a role change's from/to, an invitation's email and role).
 */
export interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  ip: string;
  details: Record<string, string>;
}

const storedEventSchema = z.object({
  at: z.coerce.number(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  ip: z.string(),
});

const MAX_PART = 2n ** 64n - 1n;
const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;

/**
 * Whether a cursor is a stream id Redis would accept (`<ms>-<seq>`, each at most 2^64 - 1): a
 * cursor is the last id of a page, and a malformed one must be a 400, not a Redis error.
 */
export function isAuditCursor(value: string): boolean {
  const match = STREAM_ID.exec(value);
  return match !== null && BigInt(match[1] ?? '') <= MAX_PART && BigInt(match[2] ?? '') <= MAX_PART;
}

/**
 * The greatest stream id below `id`, for an inclusive range that starts after it: `ms-(seq-1)`,
 * or `ms-1` alone, which XREVRANGE reads as that millisecond's last id. (Redis 6.2+ also takes
 * `(id`; the embedded development backend takes neither that nor a sequence, only whole ids.)
 */
export function previousStreamId(id: string): string {
  const [ms = '0', seq = '0'] = id.split('-');
  const sequence = BigInt(seq);
  if (sequence > 0n) return `${ms}-${sequence - 1n}`;
  const time = BigInt(ms);
  return time > 0n ? `${time - 1n}` : '0-0';
}

export interface AuditPage {
  events: AuditEvent[];
  next: string | null;
}

/** A page of the org's audit log, newest first, starting after `before` (exclusive). */
export async function listAudit(
  store: Store,
  orgId: string,
  input: { before: string | null; limit: number },
): Promise<AuditPage> {
  const reply = await store.send([
    'XREVRANGE',
    keys.orgAudit(orgId),
    input.before ? previousStreamId(input.before) : '+',
    '-',
    'COUNT',
    input.limit + 1,
  ]);
  const entries = Array.isArray(reply) ? reply : [];
  const events = entries.slice(0, input.limit).flatMap((entry): AuditEvent[] => {
    if (!Array.isArray(entry)) return [];
    const [id, fields] = entry;
    const record = hashReply(fields ?? null);
    const parsed = storedEventSchema.safeParse(record);
    if (!record || !parsed.success) return [];
    const details = Object.fromEntries(
      Object.entries(record)
        .filter(([field]) => field.startsWith('d.'))
        .map(([field, value]) => [field.slice(2), value]),
    );
    return [{ id: text(id), ...parsed.data, at: new Date(parsed.data.at).toISOString(), details }];
  });
  const last = entries[input.limit - 1];
  return { events, next: entries.length > input.limit && Array.isArray(last) ? text(last[0]) : null };
}
