import { expect } from 'vitest';
import { keys } from '../src/keys/keys.ts';
import { authClient, json, type LoggedIn, phone, uniqueEmail } from './auth-client.ts';
import { until } from './until.ts';

type Request = (path: string, init?: RequestInit) => Promise<Response>;
/** One Redis command on a connection of the test's own (RedisProcess.command). */
type Command = (args: string[]) => Promise<unknown>;

/** The platform admin of every stack: the API process must list it in ADMIN_EMAILS. */
export const FAULTS_ADMIN_EMAIL = 'faults-admin@example.test';

export interface Invited {
  id: string;
  email: string;
  token: string;
}

/** What the multi-key writes of issue 14's routes act on, made over HTTP while Redis is up; spent by them. */
export interface WriteFixtures {
  orgId: string;
  owner: LoggedIn;
  /** Previewed and declined by its token. */
  declined: Invited;
  /** Resent by the owner. */
  resent: Invited;
  /** An unverified account with a pending change of address, confirmed by its token. */
  changer: { userId: string; email: string; newEmail: string; token: string };
  /** A member of the org, signed in twice, who deletes their account. */
  leaver: { session: LoggedIn; email: string; sessionIds: string[] };
}

/** Everything issue 14's routes act on. */
export interface NewRouteFixtures extends WriteFixtures {
  admin: LoggedIn;
  /** Renames, asks for an email change, reads its permissions version and checks a reset link. */
  user: LoggedIn & { email: string; resetToken: string };
  /** A second session of the user's, which the admin ends. */
  userPhone: LoggedIn;
}

const bearer = (session: LoggedIn) => ({ Authorization: `Bearer ${session.accessToken}` });
const sessionIdOf = (session: LoggedIn) => session.refreshToken.split('.')[1] ?? '';

/** The status each route answers when it works, in an order in which they all can. */
export const WORKING_STATUS = {
  preview: 200,
  decline: 204,
  rename: 200,
  emailChange: 202,
  emailConfirm: 204,
  deleteAccount: 204,
  adminUser: 200,
  adminEndSession: 204,
  resend: 200,
  permissionsVersion: 200,
  resetCheck: 204,
} as const;

/** Makes fixtures for issue 14's routes over `request`; the admin and the org are made once. */
export function newRouteFixtures(request: Request) {
  const client = authClient(request);

  /** The newest email with `subject` to `to`: mail is sent after the answer, so it is waited for. */
  async function tokenSent(to: string, subject: string): Promise<string> {
    let link = '';
    await until(`"${subject}" reaches ${to}`, async () => {
      const response = await request(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
      const { messages } = (await response.json()) as { messages: { subject: string; links: string[] }[] };
      link = messages.find((message) => message.subject === subject)?.links[0] ?? '';
      return link !== '';
    });
    return new URL(link).searchParams.get('token') ?? '';
  }

  async function call(who: LoggedIn, method: string, path: string, body?: unknown, status = 200) {
    const response = await request(path, { ...json(body ?? {}, bearer(who)), method });
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBe(status);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  }

  async function makeAdmin(): Promise<LoggedIn> {
    await client.register(FAULTS_ADMIN_EMAIL);
    const token = await tokenSent(FAULTS_ADMIN_EMAIL, 'Confirm your email address');
    expect((await request('/api/auth/verify-email', json({ token }))).status).toBe(204);
    return client.login(FAULTS_ADMIN_EMAIL);
  }

  async function makeOrg() {
    const owner = await client.login((await client.register(uniqueEmail('faults-owner'))).email);
    const { org } = (await call(owner, 'POST', '/api/orgs', { name: 'Faults' }, 201)) as { org: { id: string } };
    return { owner, orgId: org.id };
  }

  // Made once: no route under test spends them.
  let admin: LoggedIn | undefined;
  let org: { owner: LoggedIn; orgId: string } | undefined;
  let user: NewRouteFixtures['user'] | undefined;

  async function invite(owner: LoggedIn, orgId: string, email: string): Promise<Invited> {
    const path = `/api/orgs/${orgId}/invitations`;
    const { invitation } = (await call(owner, 'POST', path, { email, role: 'member' }, 201)) as {
      invitation: { id: string };
    };
    return { id: invitation.id, email, token: await tokenSent(email, 'Join Faults on Portcullis') };
  }

  async function makeUser() {
    const { email } = await client.register(uniqueEmail('faults-user'));
    const session = await client.login(email);
    expect((await request('/api/auth/password/forgot', json({ email }))).status).toBe(202);
    // Checking the link does not spend it.
    return { ...session, email, resetToken: await tokenSent(email, 'Reset your password') };
  }

  async function makeChanger() {
    const { email, userId } = await client.register(uniqueEmail('faults-changer'));
    const newEmail = uniqueEmail('faults-changed');
    await call(await client.login(email), 'POST', '/api/auth/email/change', { email: newEmail }, 202);
    return { userId, email, newEmail, token: await tokenSent(newEmail, 'Confirm your new email address') };
  }

  async function makeLeaver(owner: LoggedIn, orgId: string) {
    const { email } = await client.register(uniqueEmail('faults-leaver'));
    const session = await client.login(email);
    const other = await client.login(email, phone);
    const { token } = await invite(owner, orgId, email);
    await call(session, 'POST', '/api/invitations/accept', { token });
    return { session, email, sessionIds: [sessionIdOf(session), sessionIdOf(other)] };
  }

  /**
   * One request at a time: password hashing holds a Node or workerd event loop for a while, and a
   * few at once kept a Redis answer that had arrived from being read within the suite's short
   * store deadline (a 503 while setting up).
   */
  async function writeFixtures(): Promise<WriteFixtures> {
    org ??= await makeOrg();
    const { owner, orgId } = org;
    const changer = await makeChanger();
    const leaver = await makeLeaver(owner, orgId);
    const declined = await invite(owner, orgId, uniqueEmail('faults-declines'));
    const resent = await invite(owner, orgId, uniqueEmail('faults-resent'));
    return { owner, orgId, changer, leaver, declined, resent };
  }

  async function fixtures(): Promise<NewRouteFixtures> {
    admin ??= await makeAdmin();
    user ??= await makeUser();
    const userPhone = await client.login(user.email, phone);
    return { admin, user, userPhone, ...(await writeFixtures()) };
  }

  /** The requests of the multi-key writes; each may be sent again. */
  function writeProbes(f: WriteFixtures) {
    return {
      decline: () => request('/api/invitations/decline', json({ token: f.declined.token })),
      emailConfirm: () => request('/api/auth/email/confirm', json({ token: f.changer.token })),
      deleteAccount: () => request('/api/auth/me', { method: 'DELETE', headers: bearer(f.leaver.session) }),
      resend: () => request(`/api/orgs/${f.orgId}/invitations/${f.resent.id}/resend`, json({}, bearer(f.owner))),
    };
  }

  /** One request per route (keys of WORKING_STATUS); each may be sent again. */
  function probes(f: NewRouteFixtures): Record<keyof typeof WORKING_STATUS, () => Promise<Response>> {
    const adminPath = `/api/admin/users/${f.user.userId}`;
    return {
      ...writeProbes(f),
      preview: () => request('/api/invitations/preview', json({ token: f.declined.token })),
      rename: () => request('/api/auth/me', { ...json({ name: 'Renamed' }, bearer(f.user)), method: 'PATCH' }),
      emailChange: () =>
        request('/api/auth/email/change', json({ email: uniqueEmail('faults-moves') }, bearer(f.user))),
      adminUser: () => request(adminPath, { headers: bearer(f.admin) }),
      adminEndSession: () =>
        request(`${adminPath}/sessions/${sessionIdOf(f.userPhone)}`, { method: 'DELETE', headers: bearer(f.admin) }),
      permissionsVersion: () => request('/api/auth/permissions-version', { headers: bearer(f.user) }),
      resetCheck: () => request('/api/auth/password/reset/check', json({ token: f.user.resetToken })),
    };
  }

  return { fixtures, writeFixtures, probes, writeProbes };
}

/**
 * What each multi-key write leaves in Redis, read straight from it: every entry is true once the
 * write's effect is there. A write is whole when its entries are all false or all true.
 */
export function writeEffects(command: Command) {
  const exists = async (key: string) => (await command(['EXISTS', key])) === 1;
  const inSet = async (key: string, member: string) => (await command(['ZSCORE', key, member])) !== null;
  /** The org's audit log as `action target` lines. */
  const audited = async (orgId: string) => {
    const entries = (await command(['XRANGE', keys.orgAudit(orgId), '-', '+'])) as [string, string[]][];
    return entries.map(([, fields]) => {
      const field = (name: string) => fields[fields.indexOf(name) + 1];
      return `${field('action')} ${field('target')}`;
    });
  };

  /** Deleting the leaver's account: every session, the membership, the address and the user go. */
  async function accountDeleted(f: WriteFixtures) {
    const { userId } = f.leaver.session;
    const email = f.leaver.email;
    return {
      user: !(await exists(keys.user(userId))),
      emailIndex: (await command(['GET', keys.email(email)])) === null,
      search: !(await inSet(keys.usersByEmail, `${email}\n${userId}`)),
      sessionList: !(await exists(keys.userSessions(userId))),
      sessions: !(await Promise.all(f.leaver.sessionIds.map((id) => exists(keys.session(userId, id))))).some(Boolean),
      membership: (await command(['HEXISTS', keys.orgMembers(f.orgId), userId])) === 0,
      userOrgs: !(await exists(keys.userOrgs(userId))),
      audited: (await audited(f.orgId)).includes(`member.left ${userId}`),
    };
  }

  /** Confirming the changer's new address: the user, both index entries and the pending links. */
  async function emailChanged(f: WriteFixtures) {
    const { userId, email, newEmail } = f.changer;
    const user = (await command(['HMGET', keys.user(userId), 'email', 'verified'])) as (string | null)[];
    return {
      userEmail: user[0] === newEmail,
      verified: user[1] === '1',
      newIndexed: (await command(['GET', keys.email(newEmail)])) === userId,
      oldFreed: (await command(['GET', keys.email(email)])) === null,
      searchNew: await inSet(keys.usersByEmail, `${newEmail}\n${userId}`),
      searchOldGone: !(await inSet(keys.usersByEmail, `${email}\n${userId}`)),
      changeSpent: !(await exists(keys.userEmailChange(userId))),
      verifyLinkGone: !(await exists(keys.userVerifyToken(userId))),
    };
  }

  /** Declining: the invitation, its list entry, and the audit line. */
  async function invitationDeclined(f: WriteFixtures) {
    const { id } = f.declined;
    return {
      invitation: !(await exists(keys.orgInvitation(f.orgId, id))),
      listed: !(await inSet(keys.orgInvitations(f.orgId), id)),
      audited: (await audited(f.orgId)).includes(`invitation.declined ${id}`),
    };
  }

  /** Resending: the old invitation goes, one replacement for the same address comes, audited. */
  async function invitationResent(f: WriteFixtures) {
    const { id, email } = f.resent;
    const listed = (await command(['ZRANGE', keys.orgInvitations(f.orgId), '0', '-1'])) as string[];
    const replacements: string[] = [];
    for (const other of listed.filter((listedId) => listedId !== id)) {
      if ((await command(['HGET', keys.orgInvitation(f.orgId, other), 'email'])) === email) replacements.push(other);
    }
    const log = await audited(f.orgId);
    return {
      old: !(await exists(keys.orgInvitation(f.orgId, id))),
      oldListed: !listed.includes(id),
      replacement: replacements.length === 1,
      audited: replacements.length === 1 && log.includes(`invitation.resent ${replacements[0]}`),
    };
  }

  return { accountDeleted, emailChanged, invitationDeclined, invitationResent };
}

/** All of a write's effects, or none. */
export function expectWhole(effects: Record<string, boolean>, done: boolean, what: string): void {
  expect(effects, what).toEqual(Object.fromEntries(Object.keys(effects).map((name) => [name, done])));
}
