import { keyTemplate } from '../keys/key-template.ts';
import { keys } from '../keys/keys.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import { repliesOf, type Store } from '../store/store.ts';
import { hashReply, type StoredUser, storedUserSchema } from './user.ts';
import { blockUser, findUserByEmail, registerUser, updateUserField } from './user-scripts.ts';

/** The users-by-email index member: `\n` sorts below every printable character, so prefixes group. */
export const indexMember = (email: string, id: string) => `${email}\n${id}`;

/** The users-by-name index member of a name: lower-cased, so that search ignores case. */
export const nameMember = (name: string, id: string) => `${name.toLowerCase()}\n${id}`;

/** Creates the user unless the email is taken; false when it is. */
export async function createUser(store: Store, user: StoredUser): Promise<boolean> {
  const fields = Object.entries(user).flatMap(([field, value]) => [field, String(value)]);
  const created = await registerUser.run(store, {
    email: keys.email(user.email),
    user: keys.user(user.id),
    usersByEmail: keys.usersByEmail,
    usersByName: keys.usersByName,
    id: user.id,
    indexMember: indexMember(user.email, user.id),
    nameMember: nameMember(user.name, user.id),
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
  /** `e<member>` or `n<member>`: which index the next page continues in, and after which entry. */
  nextCursor: string | null;
}

/** How many accounts there are. */
export async function countUsers(store: Store): Promise<number> {
  return Number(await store.send(['ZCARD', keys.usersByEmail])) || 0;
}

// Sorts after every UTF-8 character that can follow a prefix (U+10FFFF is F4 8F BF BF), closing a
// prefix range; '\u00ff' would end it before names in most scripts but Latin.
const AFTER_ALL = '\u{10FFFF}';

/** Up to `count` members of a lex index from the prefix (or after `after`), and whether there are more. */
async function prefixRange(store: Store, index: string, prefix: string, after: string | null, count: number) {
  const start = after ? `(${after}` : `[${prefix}`;
  const end = prefix ? `[${prefix}${AFTER_ALL}` : '+';
  const members = await store.send(['ZRANGEBYLEX', index, start, end, 'LIMIT', 0, count + 1]);
  const list = Array.isArray(members) ? members.filter((member): member is string => typeof member === 'string') : [];
  return { page: list.slice(0, count), more: list.length > count };
}

async function usersOf(store: Store, members: readonly string[]): Promise<StoredUser[]> {
  const ids = members.map((member) => member.slice(member.lastIndexOf('\n') + 1));
  const replies = repliesOf(await store.batch(ids.map((id) => ['HGETALL', keys.user(id)] as const)));
  return replies.flatMap((reply) => {
    const parsed = storedUserSchema.safeParse(hashReply(reply));
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * Users whose email starts with `query`, in email order, then those whose name starts with it
 * (and whose email does not: they were listed already), in name order; `limit` at a time. The
 * cursor names the index and its last member seen, so pages stay stable while users register.
 * Accounts registered before the name index existed are found by name once they rename.
 */
export async function searchUsers(
  store: Store,
  input: { query: string; cursor: string | null; limit: number },
): Promise<UserPage> {
  const prefix = input.query.toLowerCase();
  const inNames = input.cursor?.startsWith('n') ?? false;
  const after = input.cursor ? input.cursor.slice(1) : null;
  const users: StoredUser[] = [];
  let left = input.limit;
  if (!inNames) {
    const byEmail = await prefixRange(store, keys.usersByEmail, prefix, after, left);
    users.push(...(await usersOf(store, byEmail.page)));
    if (byEmail.more) return { users, nextCursor: `e${byEmail.page.at(-1)}` };
    // An empty query lists everyone by email; names would only list them again.
    if (!prefix) return { users, nextCursor: null };
    left -= byEmail.page.length;
    if (left === 0) return { users, nextCursor: 'n' };
  }
  const byName = await prefixRange(store, keys.usersByName, prefix, inNames && after ? after : null, left);
  const named = await usersOf(store, byName.page);
  users.push(...named.filter((user) => !user.email.startsWith(prefix)));
  return { users, nextCursor: byName.more ? `n${byName.page.at(-1)}` : null };
}
