import { describe, expect, it } from 'vitest';
import { authClient, json, PASSWORD, uniqueEmail } from '../../test/auth-client.ts';
import { type Account, orgClient } from '../../test/org-client.ts';
import { outboxOf, tokenFromOutbox } from '../../test/outbox.ts';
import { passkeyClient } from '../../test/passkey-client.ts';
import { manualClock, testApp } from '../../test/test-app.ts';
import { keys } from '../keys/keys.ts';

const WINDOW_MS = 600_000;
const clock = manualClock();
const { request, deps } = testApp({ now: clock.now });
const auth = authClient(request);
const org = orgClient(request);

const me = async (who: Account) =>
  org.json<{ user: { email: string; name: string; emailVerified: boolean } }>(
    await org.call(who, 'GET', '/auth/me'),
    200,
  );
const changeEmail = (who: Account, email: unknown) => org.call(who, 'POST', '/auth/email/change', { email });
const confirmEmail = (token: unknown) => org.call(null, 'POST', '/auth/email/confirm', { token });
const deleteAccount = (who: Account) => org.call(who, 'DELETE', '/auth/me');
const loginStatus = async (email: string) =>
  (await request('/api/auth/login', json({ email, password: PASSWORD }))).status;

/** An account whose last proof of identity is older than the step-up window. */
async function staleAccount(): Promise<Account> {
  const { email } = await auth.register(uniqueEmail('stale'));
  const session = await auth.login(email);
  clock.advance(WINDOW_MS + 1000);
  const refreshed = await auth.refresh(session.refreshToken);
  const { accessToken } = (await refreshed.json()) as { accessToken: string };
  return { email, userId: session.userId, token: accessToken };
}

async function problem(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('Content-Type')).toContain('application/problem+json');
  return JSON.parse(text) as { code: string; detail?: string; errors?: { path: string; message: string }[] };
}

describe('PATCH /api/auth/me', () => {
  it('renames the account everywhere it is shown, and records it', async () => {
    const owner = await org.account('renamer');
    const orgId = await org.createOrg(owner);
    const body = await org.json<{ user: { name: string } }>(
      await org.call(owner, 'PATCH', '/auth/me', { name: '  Ada Lovelace ' }),
      200,
    );
    expect(body.user.name).toBe('Ada Lovelace');
    expect((await me(owner)).user.name).toBe('Ada Lovelace');
    const members = await org.json<{ members: { name: string }[] }>(
      await org.call(owner, 'GET', `/orgs/${orgId}/members`),
      200,
    );
    expect(members.members[0]?.name).toBe('Ada Lovelace');
    const events = await org.json<{ events: { type: string }[] }>(await org.call(owner, 'GET', '/auth/events'), 200);
    expect(events.events[0]?.type).toBe('profile.updated');
  });

  it('refuses empty, multi-line, bidi-spoofing and non-string names with 400 on name, and strangers with 401', async () => {
    const who = await org.account('hostile-name');
    for (const name of ['   ', 'Ada\nAdmin', 'Ada\u202Enimda', 42, 'x'.repeat(101), null]) {
      const refused = await problem(await org.call(who, 'PATCH', '/auth/me', { name }), 400);
      expect(refused.errors?.[0]?.path).toBe('name');
    }
    expect((await me(who)).user.name).toBe('Test User');
    expect((await org.call(null, 'PATCH', '/auth/me', { name: 'Eve' })).status).toBe(401);
  });
});

describe('changing the email address', () => {
  it('links the new address, tells the old one, and switches only when the link is opened, keeping sessions', async () => {
    const who = await org.account('mover');
    const newEmail = uniqueEmail('moved');
    expect((await changeEmail(who, ` ${newEmail.toUpperCase()} `)).status).toBe(202);

    const [notice] = await outboxOf(request, who.email);
    expect(notice?.subject).toBe('A change of your email address was requested');
    expect(notice?.text).toContain(newEmail);
    expect(notice?.links).toEqual([]);
    // Nothing changed yet.
    expect((await me(who)).user.email).toBe(who.email);
    expect(await loginStatus(who.email)).toBe(200);

    const token = await tokenFromOutbox(request, newEmail, 'Confirm your new email address');
    expect((await confirmEmail(token)).status).toBe(204);
    const after = await me(who);
    expect(after.user).toMatchObject({ email: newEmail, emailVerified: true });
    expect(await loginStatus(newEmail)).toBe(200);
    expect(await loginStatus(who.email)).toBe(401);
    // The old address is free again; the link worked once.
    expect(await deps.store.send(['GET', keys.email(who.email)])).toBeNull();
    expect((await problem(await confirmEmail(token), 400)).errors?.[0]?.path).toBe('token');
  });

  it('refuses an address another account holds, at the request and at the link', async () => {
    const who = await org.account('taker');
    const other = await org.account('holder');
    const refused = await problem(await changeEmail(who, other.email), 409);
    expect(refused.errors).toEqual([{ path: 'email', message: 'Already in use' }]);

    // Registered by someone else between the request and the link: the index refuses it atomically.
    const contested = uniqueEmail('contested');
    expect((await changeEmail(who, contested)).status).toBe(202);
    const token = await tokenFromOutbox(request, contested, 'Confirm your new email address');
    await auth.register(contested);
    expect((await problem(await confirmEmail(token), 409)).code).toBe('CONFLICT');
    expect((await me(who)).user.email).toBe(who.email);
    expect(await loginStatus(contested)).toBe(200);
    expect(await loginStatus(who.email)).toBe(200);
  });

  it('gives an address to one account only when two confirm it at once', async () => {
    const a = await org.account('racer-a');
    const b = await org.account('racer-b');
    const target = uniqueEmail('prize');
    expect((await changeEmail(a, target)).status).toBe(202);
    const tokenA = await tokenFromOutbox(request, target, 'Confirm your new email address');
    expect((await changeEmail(b, target)).status).toBe(202);
    const tokenB = await tokenFromOutbox(request, target, 'Confirm your new email address');
    expect(tokenB).not.toBe(tokenA);
    const statuses = (await Promise.all([confirmEmail(tokenA), confirmEmail(tokenB)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([204, 409]);
    const emails = [(await me(a)).user.email, (await me(b)).user.email];
    expect(emails.filter((email) => email === target)).toHaveLength(1);
  });

  it('refuses the current address, a malformed one, a made-up or tampered token, and asks for a recent sign-in', async () => {
    const who = await org.account('careful');
    expect((await problem(await changeEmail(who, who.email), 400)).errors?.[0]?.path).toBe('email');
    expect((await problem(await changeEmail(who, 'not an email'), 400)).errors?.[0]?.path).toBe('email');
    expect((await problem(await changeEmail(who, { $ne: '' }), 400)).code).toBe('VALIDATION_FAILED');
    for (const token of ['nonsense', `${who.userId}.${'A'.repeat(43)}`, 42]) {
      expect((await problem(await confirmEmail(token), 400)).code).toBe('VALIDATION_FAILED');
    }
    const stale = await staleAccount();
    expect((await problem(await changeEmail(stale, uniqueEmail('late')), 403)).code).toBe('REAUTH_REQUIRED');
    expect((await org.call(null, 'POST', '/auth/email/change', { email: uniqueEmail() })).status).toBe(401);
  });

  it('keeps the old address when the link expires, and one account’s token cannot move another', async () => {
    const who = await org.account('slow');
    const target = uniqueEmail('later');
    await changeEmail(who, target);
    const token = await tokenFromOutbox(request, target, 'Confirm your new email address');
    // The token names its user; swapping in another id points it at a change that hash does not match.
    const victim = await org.account('victim');
    const forged = `${victim.userId}.${token.split('.')[1]}`;
    expect((await problem(await confirmEmail(forged), 400)).code).toBe('VALIDATION_FAILED');
    clock.advance(deps.config.EMAIL_VERIFICATION_TTL_SECONDS * 1000 + 1);
    expect((await problem(await confirmEmail(token), 400)).errors).toEqual([{ path: 'token', message: 'Expired' }]);
    expect((await me(await org.signInAgain(who))).user.email).toBe(who.email);
  });
});

describe('DELETE /api/auth/me', () => {
  it('ends every session, leaves every org, revokes sent invitations and frees the address', async () => {
    const owner = await org.account('staying-owner');
    const orgId = await org.createOrg(owner);
    const leaver = await org.member(owner, orgId, 'admin', 'leaver');
    const elsewhere = await auth.login(leaver.email);
    await org.invite(leaver, orgId, uniqueEmail('pending'), 'member');

    expect((await deleteAccount(leaver)).status).toBe(204);
    expect((await problem(await org.call(leaver, 'GET', '/auth/me'), 401)).code).toBe('SESSION_REVOKED');
    expect((await auth.refresh(elsewhere.refreshToken)).status).toBe(401);
    expect(await loginStatus(leaver.email)).toBe(401);

    const members = await org.json<{ members: { userId: string }[] }>(
      await org.call(owner, 'GET', `/orgs/${orgId}/members`),
      200,
    );
    expect(members.members.map((m) => m.userId)).toEqual([owner.userId]);
    const invitations = await org.json<{ invitations: unknown[] }>(
      await org.call(owner, 'GET', `/orgs/${orgId}/invitations`),
      200,
    );
    expect(invitations.invitations).toEqual([]);
    const audit = await org.json<{ events: { action: string; actor: string }[] }>(
      await org.call(owner, 'GET', `/orgs/${orgId}/audit`),
      200,
    );
    expect(audit.events.map((e) => e.action).slice(0, 2)).toEqual(['invitation.revoked', 'member.left']);

    const [notice] = await outboxOf(request, leaver.email);
    expect(notice?.subject).toBe('Your account was deleted');
    for (const key of [keys.user(leaver.userId), keys.userOrgs(leaver.userId), keys.userSessions(leaver.userId)]) {
      expect(await deps.store.send(['EXISTS', key])).toBe(0);
    }
    // The address can make a new account, which is not the old one.
    const again = await auth.register(leaver.email);
    expect(again.userId).not.toBe(leaver.userId);
  });

  it('is refused while the user is an org’s last owner, naming the org, and allowed once another owner exists', async () => {
    const owner = await org.account('sole-owner');
    const orgId = await org.createOrg(owner, 'Only Me Ltd');
    const refused = await problem(await deleteAccount(owner), 409);
    expect(refused.errors).toEqual([{ path: `orgs.${orgId}`, message: 'Only Me Ltd' }]);
    expect((await me(owner)).user.email).toBe(owner.email);

    const heir = await org.member(owner, orgId, 'owner', 'heir');
    expect((await deleteAccount(owner)).status).toBe(204);
    const members = await org.json<{ members: { userId: string; role: string }[] }>(
      await org.call(heir, 'GET', `/orgs/${orgId}/members`),
      200,
    );
    expect(members.members).toEqual([expect.objectContaining({ userId: heir.userId, role: 'owner' })]);
  });

  it('lets only one of two co-owners who delete at once leave the org ownerless', async () => {
    const first = await org.account('co-owner-1');
    const orgId = await org.createOrg(first);
    const second = await org.member(first, orgId, 'owner', 'co-owner-2');
    const statuses = (await Promise.all([deleteAccount(first), deleteAccount(second)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([204, 409]);
  });

  it('takes the passkeys with it: the credential no longer signs anyone in', async () => {
    const passkeys = passkeyClient(request);
    const { email } = await auth.register(uniqueEmail('passkeyed'));
    const session = await auth.login(email);
    const device = passkeys.authenticator();
    await passkeys.register(session.accessToken, device, 'Laptop');
    expect((await passkeys.login(device)).status).toBe(200);
    const who = { email, userId: session.userId, token: session.accessToken };
    expect((await deleteAccount(who)).status).toBe(204);
    expect((await passkeys.login(device)).status).toBe(401);
    // Nothing of the user's slot is left (SCAN, not KEYS: the test Redis is shared).
    const left: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = (await deps.store.send([
        'SCAN',
        cursor,
        'MATCH',
        `pc:{u:${session.userId}}:*`,
        'COUNT',
        1000,
      ])) as [string, string[]];
      cursor = String(next);
      left.push(...batch);
    } while (cursor !== '0');
    expect(left).toEqual([]);
  });

  it('asks for a recent sign-in, and a stranger cannot delete anyone', async () => {
    const stale = await staleAccount();
    expect((await problem(await deleteAccount(stale), 403)).code).toBe('REAUTH_REQUIRED');
    expect((await me(stale)).user.email).toBe(stale.email);
    expect((await org.call(null, 'DELETE', '/auth/me')).status).toBe(401);
  });
});
