import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import { keyTemplate } from '../store/key-template.ts';
import { keys } from '../store/keys.ts';
import { repliesOf, type Store } from '../store/store.ts';
import { hashReply, type StoredUser, storedUserSchema } from './user.ts';
import { blockUser, findUserByEmail, registerUser, updateUserField } from './user-scripts.ts';

/** The users-by-email index member: `\n` sorts below every printable character, so prefixes group. */
export const indexMember = (email: string, id: string) => `${email}\n${id}`;

/** Creates the user unless the email is taken; false when it is. */
export async function createUser(store: Store, user: StoredUser): Promise<boolean> {
  const fields = Object.entries(user).flatMap(([field, value]) => [field, String(value)]);
  const created = await registerUser.run(store, {
    email: keys.email(user.email),
    user: keys.user(user.id),
    usersByEmail: keys.usersByEmail,
    id: user.id,
    indexMember: indexMember(user.email, user.id),
    fields,
  });
  return created === 1;
}

export async function userByEmail(store: Store, email: string): Promise<StoredUser | null> {
  const reply = await findUserByEmail.run(store, { email: keys.email(email), ...keyTemplate('user', keys.user) });
  const fields = hashReply(reply);
  if (!fields) return null;
  const parsed = storedUserSchema.safeParse(fields);
  // A record we cannot read is treated as absent rather than half-trusted.
  return parsed.success ? parsed.data : null;
}

export async function userById(store: Store, userId: string): Promise<StoredUser | null> {
  const fields = hashReply(await store.send(['HGETALL', keys.user(userId)]));
  if (!fields) return null;
  const parsed = storedUserSchema.safeParse(fields);
  return parsed.success ? parsed.data : null;
}

/** Sets one field of an existing user, optionally recording a security event; false if no such user. */
export async function setUserField(
  store: Store,
  userId: string,
  field: 'pw' | 'blocked' | 'verified' | 'name',
  value: string,
  event = '',
): Promise<boolean> {
  const updated = await updateUserField.run(store, {
    user: keys.user(userId),
    events: keys.userEvents(userId),
    field,
    value,
    event,
    eventCap: SECURITY_EVENT_CAP,
  });
  return updated === 1;
}

export async function setPasswordHash(store: Store, userId: string, hash: string): Promise<void> {
  await setUserField(store, userId, 'pw', hash);
}

/** Blocks the user and ends all their sessions atomically; false if no such user. */
export async function block(
  store: Store,
  input: { userId: string; reason: string; at: number; event: string },
): Promise<boolean> {
  const { userId } = input;
  const blocked = await blockUser.run(store, {
    user: keys.user(userId),
    index: keys.userSessions(userId),
    events: keys.userEvents(userId),
    prefix: keys.sessionPrefix(userId),
    reason: input.reason,
    at: input.at,
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
  });
  return blocked === 1;
}

export interface UserPage {
  users: StoredUser[];
  nextCursor: string | null;
}

/**
 * Users whose email starts with `query`, in email order, `limit` at a time. The cursor is the last
 * index member seen, so pages stay stable while users register.
 */
export async function searchUsers(
  store: Store,
  input: { query: string; cursor: string | null; limit: number },
): Promise<UserPage> {
  const prefix = input.query.toLowerCase();
  const start = input.cursor ? `(${input.cursor}` : `[${prefix}`;
  // \u00ff... sorts after any email character, closing the prefix range.
  const end = prefix ? `[${prefix}\u00ff` : '+';
  const members = await store.send(['ZRANGEBYLEX', keys.usersByEmail, start, end, 'LIMIT', 0, input.limit + 1]);
  const list = Array.isArray(members) ? members.filter((member): member is string => typeof member === 'string') : [];
  const page = list.slice(0, input.limit);
  const ids = page.map((member) => member.slice(member.lastIndexOf('\n') + 1));
  const replies = repliesOf(await store.batch(ids.map((id) => ['HGETALL', keys.user(id)] as const)));
  const users = replies.flatMap((reply) => {
    const parsed = storedUserSchema.safeParse(hashReply(reply));
    return parsed.success ? [parsed.data] : [];
  });
  return { users, nextCursor: list.length > input.limit ? (page.at(-1) ?? null) : null };
}
