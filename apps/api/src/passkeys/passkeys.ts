import { base64url } from 'jose';
import * as z from 'zod';
import { keyTemplate } from '../keys/key-template.ts';
import { keys } from '../keys/keys.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import type { Reply, Store } from '../store/store.ts';
import { listIndexedRecords } from '../users/indexed-records.ts';
import { hashReply, type StoredUser, storedUserSchema } from '../users/user.ts';
import {
  addPasskeyScript,
  findPasskeyScript,
  removePasskeyScript,
  renamePasskeyScript,
  usePasskeyScript,
} from './passkey-scripts.ts';

/** A passkey as stored in its Redis hash (see keys/README.md). */
const storedPasskeySchema = z.object({
  /** The WebAuthn credential id, base64url. */
  cid: z.string().min(1),
  /** The credential's COSE public key, base64url. */
  key: z.string().min(1),
  ctr: z.coerce.number().int().min(0),
  /** Transports the browser reported at registration, comma-separated: hints for the next ceremony. */
  tr: z.string().default(''),
  name: z.string(),
  at: z.coerce.number(),
  used: z.string().default(''),
});

export interface Passkey {
  id: string;
  credentialId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** What clients see of a passkey: never the key or the credential id. */
export interface PublicPasskey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

function parsePasskey(id: string, reply: Reply): Passkey | null {
  const parsed = storedPasskeySchema.safeParse(hashReply(reply));
  // A record we cannot read is treated as absent rather than half-trusted.
  if (!parsed.success) return null;
  const stored = parsed.data;
  return {
    id,
    credentialId: stored.cid,
    publicKey: new Uint8Array(base64url.decode(stored.key)),
    counter: stored.ctr,
    transports: stored.tr ? stored.tr.split(',') : [],
    name: stored.name,
    createdAt: stored.at,
    lastUsedAt: stored.used ? Number(stored.used) : null,
  };
}

export function toPublicPasskey(passkey: Passkey): PublicPasskey {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: new Date(passkey.createdAt).toISOString(),
    lastUsedAt: passkey.lastUsedAt === null ? null : new Date(passkey.lastUsedAt).toISOString(),
  };
}

/** The user's passkeys, oldest first. */
export async function listPasskeys(store: Store, userId: string): Promise<Passkey[]> {
  const records = await listIndexedRecords(store, {
    index: keys.userPasskeys(userId),
    idsIn: 'values',
    record: (passkeyId) => keys.passkey(userId, passkeyId),
  });
  const passkeys = records.flatMap(({ id, reply }) => parsePasskey(id, reply) ?? []);
  return passkeys.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export type AddPasskeyResult = 'ok' | 'missing' | 'taken' | 'limit';

export async function addPasskey(
  store: Store,
  input: { userId: string; passkey: Omit<Passkey, 'lastUsedAt'>; max: number; event: string },
): Promise<AddPasskeyResult> {
  const { userId, passkey } = input;
  const fields = {
    cid: passkey.credentialId,
    key: base64url.encode(passkey.publicKey),
    ctr: passkey.counter,
    tr: passkey.transports.join(','),
    name: passkey.name,
    at: passkey.createdAt,
    used: '',
  } satisfies Record<keyof z.input<typeof storedPasskeySchema>, string | number>;
  const added = await addPasskeyScript.run(store, {
    user: keys.user(userId),
    index: keys.userPasskeys(userId),
    passkey: keys.passkey(userId, passkey.id),
    credential: keys.passkeyCredential(passkey.credentialId),
    events: keys.userEvents(userId),
    userId,
    passkeyId: passkey.id,
    credentialId: passkey.credentialId,
    max: input.max,
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
    fields: Object.entries(fields).flat(),
  });
  return added.status;
}

/** Renames one of the user's passkeys; null when the user has no passkey by that id. */
export async function renamePasskey(
  store: Store,
  input: { userId: string; passkeyId: string; name: string },
): Promise<Passkey | null> {
  const reply = await renamePasskeyScript.run(store, {
    passkey: keys.passkey(input.userId, input.passkeyId),
    name: input.name,
  });
  return parsePasskey(input.passkeyId, reply);
}

/**
 * Removes one of the user's passkeys, recording `event`: its name, 'missing' when the user has none
 * by that id, 'last' when it is the user's last way to sign in.
 */
export async function removePasskey(
  store: Store,
  input: { userId: string; passkeyId: string; event: string },
): Promise<{ status: 'removed'; name: string } | { status: 'missing' | 'last' }> {
  const { userId, passkeyId } = input;
  const removed = await removePasskeyScript.run(store, {
    passkeys: keys.userPasskeys(userId),
    passkey: keys.passkey(userId, passkeyId),
    events: keys.userEvents(userId),
    totp: keys.userTotp(userId),
    recovery: keys.userRecoveryCodes(userId),
    user: keys.user(userId),
    identities: keys.userIdentities(userId),
    ...keyTemplate('credential', keys.passkeyCredential),
    ref: `${userId}:${passkeyId}`,
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
  });
  return removed;
}

export interface CredentialOwner {
  userId: string;
  passkey: Passkey;
  user: StoredUser;
}

/** The passkey with this credential id and its user, or null when no account has it. */
export async function passkeyByCredential(store: Store, credentialId: string): Promise<CredentialOwner | null> {
  const reply = await findPasskeyScript.run(store, {
    credential: keys.passkeyCredential(credentialId),
    ...keyTemplate('user', keys.user),
    ...keyTemplate('userPasskey', keys.passkeyPrefix),
  });
  if (reply.length < 4) return null;
  const [userId, passkeyId, passkeyReply, userReply] = reply;
  if (typeof userId !== 'string' || typeof passkeyId !== 'string') return null;
  const passkey = parsePasskey(passkeyId, passkeyReply ?? null);
  const user = storedUserSchema.safeParse(hashReply(userReply ?? null));
  if (!passkey || !user.success || passkey.credentialId !== credentialId) return null;
  return { userId, passkey, user: user.data };
}

/** Stores a sign-in's counter and time; 'replayed' when the counter did not go up (see the script). */
export async function recordPasskeyUse(
  store: Store,
  input: { userId: string; passkey: Passkey; counter: number; now: number },
): Promise<'ok' | 'missing' | 'replayed'> {
  const used = await usePasskeyScript.run(store, {
    passkey: keys.passkey(input.userId, input.passkey.id),
    credentialId: input.passkey.credentialId,
    counter: input.counter,
    now: input.now,
  });
  return used.status;
}
