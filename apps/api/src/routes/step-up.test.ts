import { describe, expect, it } from 'vitest';
import { json, PASSWORD, uniqueEmail } from '../../test/auth-client.ts';
import { mfaClient, problemCode, totpCode } from '../../test/mfa-client.ts';
import { tokenFromOutbox } from '../../test/outbox.ts';
import { manualClock, testApp } from '../../test/test-app.ts';
import { requireRecentAuth } from '../middleware/require-recent-auth.ts';
import { admin } from './admin.ts';

const WINDOW_MS = 600_000;

/** The default window (600 s) and the default access-token lifetime (600 s): a test past the
 * window refreshes its access token, as the SPA would. */
function setup() {
  const clock = manualClock();
  const app = testApp({ now: clock.now });
  const client = mfaClient(app.request, clock.now);
  /** Past the window, with a fresh access token for the same (old) session. */
  async function later(refreshToken: string): Promise<string> {
    clock.advance(WINDOW_MS + 1000);
    const refreshed = await client.refresh(refreshToken);
    expect(refreshed.status).toBe(200);
    return ((await refreshed.json()) as { accessToken: string }).accessToken;
  }
  return { clock, ...app, client, later };
}

const reauth = (client: ReturnType<typeof mfaClient>, accessToken: string, body: unknown) =>
  client.post('/api/auth/reauth', body, accessToken);

describe('step-up (REAUTH_WINDOW_SECONDS)', () => {
  it('turns sensitive routes into 403 REAUTH_REQUIRED until the password is proved again', async () => {
    const { client, later, request } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    await client.enrolTotp(session.accessToken);
    const token = await later(session.refreshToken);

    const sensitive = () => [
      client.post('/api/auth/mfa/totp/setup', {}, token),
      client.post('/api/auth/mfa/recovery-codes', {}, token),
      request('/api/auth/mfa/totp', { method: 'DELETE', headers: client.bearer(token) }),
    ];
    for (const response of await Promise.all(sensitive())) {
      expect(await problemCode(response, 403)).toBe('REAUTH_REQUIRED');
    }
    // Ordinary routes do not ask.
    expect((await client.status(token)).status).toBe(200);

    expect(await problemCode(await reauth(client, token, { password: 'not it' }), 401)).toBe('INVALID_CREDENTIALS');
    expect((await reauth(client, token, { password: PASSWORD })).status).toBe(204);
    // Past the step-up: set-up refuses only because TOTP is on.
    expect(await problemCode(await client.post('/api/auth/mfa/totp/setup', {}, token), 409)).toBe('CONFLICT');
    expect((await client.post('/api/auth/mfa/recovery-codes', {}, token)).status).toBe(200);
    const removed = await request('/api/auth/mfa/totp', { method: 'DELETE', headers: client.bearer(token) });
    expect(removed.status).toBe(204);
    expect(await (await client.status(token)).json()).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });
  });

  it('restarts with a TOTP code, which is spent like at sign-in', async () => {
    const { client, later, clock } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const { secret } = await client.enrolTotp(session.accessToken);
    const token = await later(session.refreshToken);
    const code = totpCode(secret, clock.now());
    expect((await reauth(client, token, { method: 'totp', code })).status).toBe(204);
    expect(await problemCode(await reauth(client, token, { method: 'totp', code }), 401)).toBe('INVALID_CREDENTIALS');
    expect((await client.post('/api/auth/mfa/recovery-codes', {}, token)).status).toBe(200);
  });

  it('refuses a recovery code or a WebAuthn answer it cannot check (400), and a body without a credential', async () => {
    const { client } = setup();
    const user = await client.enrolledUser();
    for (const body of [
      { method: 'recovery', code: String(user.recoveryCodes[0]) },
      { method: 'webauthn', response: {} },
      {},
      { password: '' },
    ]) {
      expect(await problemCode(await reauth(client, user.accessToken, body), 400)).toBe('VALIDATION_FAILED');
    }
    expect(await problemCode(await client.post('/api/auth/reauth', { password: PASSWORD }), 401)).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('guards deleting an org', async () => {
    const { client, later, request } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    const created = await client.post('/api/orgs', { name: 'Doomed' }, session.accessToken);
    const { org } = (await created.json()) as { org: { id: string } };
    const token = await later(session.refreshToken);
    const remove = () => request(`/api/orgs/${org.id}`, { method: 'DELETE', headers: client.bearer(token) });
    expect(await problemCode(await remove(), 403)).toBe('REAUTH_REQUIRED');
    expect((await reauth(client, token, { password: PASSWORD })).status).toBe(204);
    expect((await remove()).status).toBe(204);
  });

  it('guards every POST and DELETE under /api/admin', async () => {
    const changes = admin.routes.filter((route) => route.method === 'POST' || route.method === 'DELETE');
    const paths = new Set(changes.map((route) => `${route.method} ${route.path}`));
    expect(paths.size).toBeGreaterThan(0);
    for (const path of paths) {
      const guarded = changes.some(
        (route) => `${route.method} ${route.path}` === path && route.handler === requireRecentAuth,
      );
      expect(guarded, path).toBe(true);
    }
  });

  it('asks a platform admin to prove it again before blocking someone', async () => {
    const clock = manualClock();
    const app = testApp({ now: clock.now });
    const adminEmail = uniqueEmail('root');
    app.deps.config.ADMIN_EMAILS = [adminEmail];
    const client = mfaClient(app.request, clock.now);
    await client.register(adminEmail);
    const token = await tokenFromOutbox(app.request, adminEmail, 'Confirm your email address');
    expect((await app.request('/api/auth/verify-email', json({ token }))).status).toBe(204);
    const session = await client.login(adminEmail);
    const target = await client.register();
    clock.advance(WINDOW_MS + 1000);
    const refreshed = (await (await client.refresh(session.refreshToken)).json()) as { accessToken: string };
    const block = () => client.post(`/api/admin/users/${target.userId}/block`, {}, refreshed.accessToken);
    expect(await problemCode(await block(), 403)).toBe('REAUTH_REQUIRED');
    // Reading stays open.
    expect((await app.request('/api/admin/users', { headers: client.bearer(refreshed.accessToken) })).status).toBe(200);
    expect((await reauth(client, refreshed.accessToken, { password: PASSWORD })).status).toBe(204);
    expect((await block()).status).toBe(204);
  });
});
