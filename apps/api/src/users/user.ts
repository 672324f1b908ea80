import * as z from 'zod';
import type { Reply } from '../store/store.ts';

/** A user as stored in its Redis hash (all values are strings there). */
export const storedUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  pw: z.string(),
  createdAt: z.coerce.number(),
  role: z.enum(['admin', 'user']).catch('user'),
  verified: z.enum(['0', '1']).catch('0'),
  blocked: z.enum(['0', '1']).catch('0'),
  pv: z.coerce.number().int().catch(0),
  blockedReason: z.string().optional(),
  blockedAt: z.coerce.number().optional(),
});
export type StoredUser = z.output<typeof storedUserSchema>;

/** What clients see of a user. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  platformRole: 'admin' | 'user';
  createdAt: string;
}

/**
 * The platform role a user holds now. `ADMIN_EMAILS` marks an account admin at registration, but
 * whoever registers a listed address first is not necessarily its owner: the role takes effect
 * only once the address is verified (the link reached its mailbox).
 */
export function platformRoleOf(user: { role: string | undefined; verified: string | undefined }): 'admin' | 'user' {
  return user.role === 'admin' && user.verified === '1' ? 'admin' : 'user';
}

export function toPublicUser(
  user: Omit<StoredUser, 'pw' | 'blocked' | 'pv' | 'blockedReason' | 'blockedAt'>,
): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.verified === '1',
    platformRole: platformRoleOf(user),
    createdAt: new Date(user.createdAt).toISOString(),
  };
}

/** HGETALL's flat [field, value, …] reply → an object; null for an empty reply (no such key). */
export function hashReply(reply: Reply): Record<string, string> | null {
  if (!Array.isArray(reply) || reply.length === 0) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const field = reply[i];
    const value = reply[i + 1];
    if (typeof field === 'string' && (typeof value === 'string' || typeof value === 'number')) {
      out[field] = String(value);
    }
  }
  return out;
}

/**
 * Emails are compared trimmed and case-folded. Full Unicode case folding is not what mail servers
 * do for the local part, but a second account differing only in case is never what a user wants.
 */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address' }));
