import * as z from 'zod';
import { keyTemplate } from '../keys/key-template.ts';
import { keys } from '../keys/keys.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import type { Store } from '../store/store.ts';
import { listIndexedRecords } from '../users/indexed-records.ts';
import { hashReply, type StoredUser, storedUserSchema } from '../users/user.ts';
import { indexMember } from '../users/users.ts';
import { linkIdentityScript, signInWithIdentityScript, unlinkIdentityScript } from './identity-scripts.ts';
import type { ProviderProfile } from './provider-client.ts';

/** The key of an identity in the global index: the provider's id and the provider's id for the user. */
export const identityRef = (provider: string, subject: string) => `${provider}:${subject}`;

export interface Identity {
  id: string;
  provider: string;
  email: string | null;
  linkedAt: number;
}

/** What clients see of an identity (CONTRACT.md): the subject stays on the server. */
export interface PublicIdentity {
  id: string;
  provider: string;
  email: string | null;
  linkedAt: string;
}

export const toPublicIdentity = (identity: Identity): PublicIdentity => ({
  ...identity,
  linkedAt: new Date(identity.linkedAt).toISOString(),
});

const identityRecord = z.object({
  provider: z.string().min(1),
  email: z.string().transform((email) => email || null),
  linkedAt: z.coerce.number(),
});

export type SignInOutcome =
  | { status: 'known' | 'created'; user: StoredUser }
  | { status: 'new' }
  | { status: 'email-taken' }
  | { status: 'unreadable' };

/**
 * A sign-in with a provider's identity: its user when it is known; otherwise `newUser` is created
 * with the identity (when given: the caller decides whether the profile is good enough to make an
 * account from), unless its email is taken.
 */
export async function signInWithIdentity(
  store: Store,
  input: { provider: string; profile: ProviderProfile; newUser: StoredUser | null; identityId: string; event: string },
): Promise<SignInOutcome> {
  const { provider, profile, newUser, identityId } = input;
  // Without a user to create, the keys of the would-be account are never written: any id will do.
  const userId = newUser?.id ?? identityId;
  const reply = await signInWithIdentityScript.run(store, {
    identity: keys.identity(identityRef(provider, profile.subject)),
    email: keys.email(newUser?.email ?? ''),
    user: keys.user(userId),
    usersByEmail: keys.usersByEmail,
    index: keys.userIdentities(userId),
    record: keys.userIdentity(userId, identityId),
    events: keys.userEvents(userId),
    ...keyTemplate('user', keys.user),
    create: newUser ? 1 : 0,
    userId,
    identityId,
    indexMember: newUser ? indexMember(newUser.email, newUser.id) : '',
    provider,
    subject: profile.subject,
    identityEmail: profile.email ?? '',
    linkedAt: newUser?.createdAt ?? 0,
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
    fields: newUser ? Object.entries(newUser).flatMap(([field, value]) => [field, String(value)]) : [],
  });
  switch (reply.status) {
    case 'known': {
      const parsed = storedUserSchema.safeParse(hashReply(reply.user));
      // An identity pointing at a record we cannot read is refused rather than half-trusted.
      return parsed.success ? { status: 'known', user: parsed.data } : { status: 'unreadable' };
    }
    case 'created':
      return newUser ? { status: 'created', user: newUser } : { status: 'unreadable' };
    case 'new':
      return { status: 'new' };
    case 'email-taken':
      return { status: 'email-taken' };
  }
}

/** Links an identity to the user whose live session asked for it. */
export async function linkIdentity(
  store: Store,
  input: {
    userId: string;
    sessionId: string;
    provider: string;
    profile: ProviderProfile;
    identityId: string;
    now: number;
    event: string;
  },
): Promise<'linked' | 'already' | 'taken' | 'session-ended' | 'blocked'> {
  const { userId, identityId, profile } = input;
  const reply = await linkIdentityScript.run(store, {
    identity: keys.identity(identityRef(input.provider, profile.subject)),
    session: keys.session(userId, input.sessionId),
    user: keys.user(userId),
    index: keys.userIdentities(userId),
    record: keys.userIdentity(userId, identityId),
    events: keys.userEvents(userId),
    userId,
    identityId,
    provider: input.provider,
    subject: profile.subject,
    identityEmail: profile.email ?? '',
    linkedAt: input.now,
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
  });
  return reply.status;
}

/** The user's linked identities, oldest first. */
export async function listIdentities(store: Store, userId: string): Promise<Identity[]> {
  const records = await listIndexedRecords(store, {
    index: keys.userIdentities(userId),
    idsIn: 'fields',
    record: (id) => keys.userIdentity(userId, id),
  });
  const identities = records.flatMap(({ id, reply }) => {
    const parsed = identityRecord.safeParse(hashReply(reply));
    return parsed.success ? [{ id, ...parsed.data }] : [];
  });
  return identities.sort((a, b) => a.linkedAt - b.linkedAt);
}

/** Unlinks one identity of this user: its provider, or 'missing', or 'last' (the last way to sign in). */
export async function unlinkIdentity(
  store: Store,
  input: { userId: string; identityId: string; event: string },
): Promise<{ status: 'removed'; provider: string } | { status: 'missing' | 'last' }> {
  const { userId, identityId } = input;
  return unlinkIdentityScript.run(store, {
    user: keys.user(userId),
    identities: keys.userIdentities(userId),
    record: keys.userIdentity(userId, identityId),
    passkeys: keys.userPasskeys(userId),
    events: keys.userEvents(userId),
    ...keyTemplate('identity', keys.identity),
    identityId,
    ref: `${userId}:${identityId}`,
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
  });
}
