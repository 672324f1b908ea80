import { randomBytes } from 'node:crypto';
import type { hc, InferResponseType } from 'hono/client';
import type { dev } from '../../api/src/routes/dev.ts';
import type {
  AcceptInvitationResponse,
  CreateOrgResponse,
  InviteResponse,
  LoginResponse,
  MeResponse,
  PostResponse,
  RegisterResponse,
  RoleResponse,
} from '../src/api/api-types.ts';

type Outbox = InferResponseType<ReturnType<typeof hc<typeof dev>>['outbox']['$get'], 200>;

export const PASSWORD = 'correct horse battery staple';

/** An address no other run (or suite sharing the Redis) has used. */
export function uniqueEmail(label: string): string {
  return `e2e-${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}@portcullis.test`;
}

/**
 * Sets up what a test needs but does not test (other users, orgs, posts) straight through the
 * API, from Node — the browser then only does what a person would.
 */
export class ApiHelper {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async call<T>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  register(name: string, email: string): Promise<RegisterResponse> {
    return this.call('POST', '/api/auth/register', { body: { name, email, password: PASSWORD } });
  }

  async login(email: string): Promise<string> {
    const answer = await this.call<LoginResponse>('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
    if ('mfaRequired' in answer) throw new Error(`${email} has a second factor: the password alone is not a sign-in`);
    return answer.accessToken;
  }

  /** Registers and signs in; returns the user id and an access token. */
  async user(name: string, email: string): Promise<{ id: string; token: string }> {
    const { user } = await this.register(name, email);
    return { id: user.id, token: await this.login(email) };
  }

  /**
   * Proves the mailbox of an account that may have been registered in an earlier run (the link
   * from then may have expired): a new link is asked for, then followed.
   */
  async verifyEmail(email: string): Promise<void> {
    const me = await this.call<MeResponse>('GET', '/api/auth/me', { token: await this.login(email) });
    if (me.user.emailVerified) return;
    await this.call('POST', '/api/auth/verify-email/resend', { body: { email } });
    const token = new URL(await this.link(email, 'verify-email')).searchParams.get('token') ?? '';
    await this.call('POST', '/api/auth/verify-email', { body: { token } });
  }

  async createOrg(token: string, name: string): Promise<string> {
    return (await this.call<CreateOrgResponse>('POST', '/api/orgs', { token, body: { name } })).org.id;
  }

  /** Invites `email` with `role` and accepts as `inviteeToken`, through the emailed link's token. */
  async addMember(ownerToken: string, orgId: string, email: string, inviteeToken: string, role: string): Promise<void> {
    await this.call<InviteResponse>('POST', `/api/orgs/${orgId}/invitations`, {
      token: ownerToken,
      body: { email, role },
    });
    const link = await this.link(email, 'accept-invitation');
    const token = new URL(link).searchParams.get('token') ?? '';
    await this.call<AcceptInvitationResponse>('POST', '/api/invitations/accept', {
      token: inviteeToken,
      body: { token },
    });
  }

  async post(token: string, orgId: string, title: string, body: string): Promise<string> {
    return (await this.call<PostResponse>('POST', `/api/orgs/${orgId}/posts`, { token, body: { title, body } })).post
      .id;
  }

  /** A custom role in `orgId`; returns its id. */
  async createRole(token: string, orgId: string, name: string, permissions: string[]): Promise<string> {
    return (await this.call<RoleResponse>('POST', `/api/orgs/${orgId}/roles`, { token, body: { name, permissions } }))
      .role.id;
  }

  /** Registers the platform admin (ADMIN_EMAILS) once per Redis and proves its address. */
  async admin(email: string): Promise<void> {
    // The admin account survives between runs (same Redis): register once, then just sign in.
    await this.register('Ari Admin', email).catch(() => undefined);
    // ADMIN_EMAILS grants admin only to a verified address.
    await this.verifyEmail(email);
  }

  changeRole(token: string, orgId: string, userId: string, role: string): Promise<unknown> {
    return this.call('PATCH', `/api/orgs/${orgId}/members/${userId}`, { token, body: { role } });
  }

  /** Whether an access token's session is still live. */
  async live(token: string): Promise<boolean> {
    const response = await fetch(`${this.baseUrl}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
    return response.status === 200;
  }

  /**
   * The newest link to `page` other than `not`, waiting for it: mail leaves after the response
   * (waitUntil), so right after the request that sends it the outbox may not have it yet.
   */
  async nextLink(email: string, page: string, not = ''): Promise<string> {
    for (let attempt = 0; ; attempt += 1) {
      const link = await this.link(email, page).catch(() => '');
      if (link && link !== not) return link;
      if (attempt === 50) throw new Error(`no new /${page} link in the outbox of ${email}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The newest link to `page` in the development outbox of `email`. */
  async link(email: string, page: string): Promise<string> {
    const { messages } = await this.call<Outbox>('GET', `/api/dev/outbox?to=${encodeURIComponent(email)}`);
    const link = messages.flatMap((message) => message.links).find((href) => new URL(href).pathname === `/${page}`);
    if (!link) throw new Error(`no /${page} link in the outbox of ${email}`);
    return link;
  }
}
