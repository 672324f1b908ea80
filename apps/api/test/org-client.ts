import { expect } from 'vitest';
import { authClient, uniqueEmail } from './auth-client.ts';
import { outboxOf } from './outbox.ts';
import type { testApp } from './test-app.ts';

type Request = ReturnType<typeof testApp>['request'];

/** A signed-in account. */
export interface Account {
  email: string;
  userId: string;
  token: string;
}

export type Body = Record<string, unknown>;

/** Everything a client of the org API does, through HTTP only. */
export function orgClient(request: Request) {
  const auth = authClient(request);

  async function account(label = 'org'): Promise<Account> {
    const { email } = await auth.register(uniqueEmail(label));
    const session = await auth.login(email);
    return { email, userId: session.userId, token: session.accessToken };
  }

  /** A fresh sign-in, e.g. after moving the clock past the access token's lifetime. */
  async function signInAgain(who: Account): Promise<Account> {
    return { ...who, token: (await auth.login(who.email)).accessToken };
  }

  /** An authenticated JSON call; `ip` becomes CF-Connecting-IP (the client IP on Workers). */
  async function call(
    who: Account | null,
    method: string,
    path: string,
    body?: unknown,
    ip?: string,
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (who) headers.Authorization = `Bearer ${who.token}`;
    if (ip) headers['CF-Connecting-IP'] = ip;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return await request(`/api${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  async function json<T = Body>(response: Response, status: number): Promise<T> {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async function createOrg(owner: Account, name = 'Acme'): Promise<string> {
    const body = await json<{ org: { id: string } }>(await call(owner, 'POST', '/orgs', { name }), 201);
    return body.org.id;
  }

  /** The token of the newest invitation email to `email` (the dev outbox). */
  async function invitationToken(email: string): Promise<string> {
    const message = (await outboxOf(request, email)).find((item) => item.subject.startsWith('Join '));
    expect(message, `no invitation email for ${email}`).toBeDefined();
    return new URL(message?.links[0] ?? 'http://x').searchParams.get('token') ?? '';
  }

  async function invite(
    inviter: Account,
    orgId: string,
    email: string,
    role: string,
  ): Promise<{ id: string; token: string }> {
    const body = await json<{ invitation: { id: string } }>(
      await call(inviter, 'POST', `/orgs/${orgId}/invitations`, { email, role }),
      201,
    );
    return { id: body.invitation.id, token: await invitationToken(email) };
  }

  async function accept(who: Account, token: string): Promise<Response> {
    return await call(who, 'POST', '/invitations/accept', { token });
  }

  /** A new account that joined `orgId` with `role`, invited by `inviter`. */
  async function member(inviter: Account, orgId: string, role: string, label: string = role): Promise<Account> {
    const joiner = await account(label);
    const { token } = await invite(inviter, orgId, joiner.email, role);
    await json(await accept(joiner, token), 200);
    return joiner;
  }

  async function post(author: Account, orgId: string, title = 'Hello'): Promise<string> {
    const body = await json<{ post: { id: string } }>(
      await call(author, 'POST', `/orgs/${orgId}/posts`, { title, body: 'text' }),
      201,
    );
    return body.post.id;
  }

  async function customRole(
    owner: Account,
    orgId: string,
    permissions: string[],
    name = `Role ${crypto.randomUUID().slice(0, 8)}`,
  ) {
    const body = await json<{ role: { id: string } }>(
      await call(owner, 'POST', `/orgs/${orgId}/roles`, { name, permissions }),
      201,
    );
    return body.role.id;
  }

  async function permissionsVersion(who: Account): Promise<string> {
    const body = await json<{ permissionsVersion: string }>(await auth.me(who.token), 200);
    return body.permissionsVersion;
  }

  return {
    account,
    signInAgain,
    call,
    json,
    createOrg,
    invite,
    invitationToken,
    accept,
    member,
    post,
    customRole,
    permissionsVersion,
  };
}
