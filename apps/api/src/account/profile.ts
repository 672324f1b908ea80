import type { Deps } from '../app-env.ts';
import { keyTemplate } from '../keys/key-template.ts';
import { keys } from '../keys/keys.ts';
import { SECURITY_EVENT_CAP } from '../sessions/security-event.ts';
import { text } from '../store/reply.ts';
import type { Store } from '../store/store.ts';
import { nameMember } from '../users/users.ts';
import { newOneTimeToken, type OneTimeToken, tokenHash } from './one-time-token.ts';
import { confirmEmailChange, deleteAccountScript, renameUser, requestEmailChange } from './profile-scripts.ts';

/** Renames the user (and moves their search entry); false when there is no such user. */
export async function renameAccount(
  store: Store,
  input: { userId: string; name: string; event: string },
): Promise<boolean> {
  const { userId, name } = input;
  const done = await renameUser.run(store, {
    user: keys.user(userId),
    usersByName: keys.usersByName,
    events: keys.userEvents(userId),
    name,
    nameMember: nameMember(name, userId),
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
  });
  return done === 1;
}

/** Stores a pending change to `email`; the token goes to that address. */
export async function startEmailChange(
  deps: Deps,
  input: { userId: string; email: string; now: number; event: string },
): Promise<{ status: 'ok'; token: string } | { status: 'missing' } | { status: 'taken' }> {
  const { userId } = input;
  const { token } = newOneTimeToken(userId);
  const ttlMs = deps.config.EMAIL_VERIFICATION_TTL_SECONDS * 1000;
  const result = await requestEmailChange.run(deps.store, {
    user: keys.user(userId),
    change: keys.userEmailChange(userId),
    newEmail: keys.email(input.email),
    events: keys.userEvents(userId),
    email: input.email,
    hash: await tokenHash(token),
    exp: input.now + ttlMs,
    ttlMs,
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
  });
  return result.status === 'ok' ? { status: 'ok', token } : result;
}

/** Makes the pending change the token confirms; the old address (and name) on success. */
export async function finishEmailChange(deps: Deps, input: { token: OneTimeToken; now: number; event: string }) {
  const { userId } = input.token;
  return confirmEmailChange.run(deps.store, {
    user: keys.user(userId),
    change: keys.userEmailChange(userId),
    usersByEmail: keys.usersByEmail,
    events: keys.userEvents(userId),
    verifyToken: keys.userVerifyToken(userId),
    resetToken: keys.userResetToken(userId),
    id: userId,
    hash: await tokenHash(input.token.token),
    now: input.now,
    ...keyTemplate('email', keys.email),
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
  });
}

/** The address a pending email change would move to, or '' when none is pending. */
export async function pendingEmailOf(store: Store, userId: string, now: number): Promise<string> {
  const reply = await store.send(['HMGET', keys.userEmailChange(userId), 'email', 'exp']);
  const [email, exp] = Array.isArray(reply) ? reply.map(text) : [];
  return email && Number(exp) > now ? email : '';
}

export type DeleteAccountResult =
  | { status: 'ok' | 'missing' }
  | { status: 'last-owner'; orgs: { id: string; name: string }[] };

/** Deletes the account and everything in its slot, unless it is the last owner of an org. */
export async function deleteAccount(
  store: Store,
  input: { userId: string; ip: string; now: number; auditCap: number },
): Promise<DeleteAccountResult> {
  const { userId } = input;
  const result = await deleteAccountScript.run(store, {
    user: keys.user(userId),
    sessions: keys.userSessions(userId),
    passkeys: keys.userPasskeys(userId),
    userOrgs: keys.userOrgs(userId),
    userOrgNames: keys.userOrgNames(userId),
    usersByEmail: keys.usersByEmail,
    usersByName: keys.usersByName,
    events: keys.userEvents(userId),
    failedLogins: keys.userFailedLogins(userId),
    verifyToken: keys.userVerifyToken(userId),
    resetToken: keys.userResetToken(userId),
    emailChange: keys.userEmailChange(userId),
    devices: keys.userDevices(userId),
    totp: keys.userTotp(userId),
    totpSetup: keys.userTotpSetup(userId),
    recovery: keys.userRecoveryCodes(userId),
    id: userId,
    sessionPrefix: keys.sessionPrefix(userId),
    passkeyPrefix: keys.passkeyPrefix(userId),
    ...keyTemplate('credential', keys.passkeyCredential),
    ...keyTemplate('email', keys.email),
    ...keyTemplate('members', keys.orgMembers),
    ...keyTemplate('joined', keys.orgJoined),
    ...keyTemplate('audit', keys.orgAudit),
    ...keyTemplate('invitations', keys.orgInvitations),
    // Two ids: Lua builds `invitationPrefix .. orgId .. invitationSuffix .. invitationId`.
    ...keyTemplate('invitation', (orgId) => keys.orgInvitation(orgId, '')),
    nowText: input.now,
    ip: input.ip,
    auditCap: input.auditCap,
  });
  if (result.status !== 'last-owner') return result;
  const orgs: { id: string; name: string }[] = [];
  for (let i = 0; i + 1 < result.orgs.length; i += 2) {
    orgs.push({ id: text(result.orgs[i]), name: text(result.orgs[i + 1]) });
  }
  return { status: 'last-owner', orgs };
}
