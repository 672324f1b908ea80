import { keys } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import { hashReply, type StoredUser, storedUserSchema } from './user.ts';
import { findUserByEmail, registerUser } from './user-scripts.ts';

/** Creates the user unless the email is taken; false when it is. */
export async function createUser(store: Store, user: StoredUser): Promise<boolean> {
  const fields = Object.entries(user).flatMap(([field, value]) => [field, String(value)]);
  const created = await store.run(registerUser, [keys.email(user.email), keys.user(user.id)], [user.id, ...fields]);
  return created === 1;
}

export async function userByEmail(store: Store, email: string): Promise<StoredUser | null> {
  const [prefix, suffix] = keys.user('\u0000').split('\u0000');
  const reply = await store.run(findUserByEmail, [keys.email(email)], [prefix ?? '', suffix ?? '']);
  const fields = hashReply(reply);
  if (!fields) return null;
  const parsed = storedUserSchema.safeParse(fields);
  // A record we cannot read is treated as absent rather than half-trusted.
  return parsed.success ? parsed.data : null;
}

export async function setPasswordHash(store: Store, userId: string, hash: string): Promise<void> {
  await store.send(['HSET', keys.user(userId), 'pw', hash]);
}
