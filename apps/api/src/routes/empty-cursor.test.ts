import { describe, expect, it } from 'vitest';
import { authClient, json, uniqueEmail } from '../../test/auth-client.ts';
import { orgClient } from '../../test/org-client.ts';
import { tokenFromOutbox } from '../../test/outbox.ts';
import { testApp } from '../../test/test-app.ts';

const adminEmail = uniqueEmail('pager-admin');
const app = testApp();
app.deps.config.ADMIN_EMAILS = [adminEmail];
const { request } = app;
const org = orgClient(request);
const client = authClient(request);

/** A platform admin with a proven mailbox (the admin role may depend on it). */
async function signedInAdmin() {
  await client.register(adminEmail);
  const token = await tokenFromOutbox(request, adminEmail, 'Confirm your email address');
  expect((await request('/api/auth/verify-email', json({ token }))).status).toBe(204);
  const session = await client.login(adminEmail);
  return { email: adminEmail, userId: session.userId, token: session.accessToken };
}

/** CONTRACT.md: "`cursor` absent or empty means the first page", and writes its routes `?cursor=`. */
describe('an empty cursor is the first page on every paged route', () => {
  // Broke: `?cursor=` on the audit log and on posts was a 400 instead of the first page.
  it('org audit log, org posts and admin users answer `?cursor=` exactly as no cursor', async () => {
    const owner = await org.account('pager');
    const orgId = await org.createOrg(owner);
    for (let i = 0; i < 3; i += 1) await org.post(owner, orgId, `Post ${i}`);
    const admin = await signedInAdmin();
    const routes = [
      [owner, `/orgs/${orgId}/audit`],
      [owner, `/orgs/${orgId}/posts`],
      [admin, `/admin/users?query=${encodeURIComponent(owner.email)}&`],
    ] as const;
    const answers: Record<string, [number, unknown]> = {};
    const expected: Record<string, [number, unknown]> = {};
    for (const [who, route] of routes) {
      const join = route.includes('?') ? '' : '?';
      const first = await org.json(await org.call(who, 'GET', `${route}${join}limit=2`), 200);
      for (const empty of ['cursor=', 'cursor']) {
        const response = await org.call(who, 'GET', `${route}${join}${empty}&limit=2`);
        answers[`${route}${join}${empty}`] = [response.status, await response.json()];
        expected[`${route}${join}${empty}`] = [200, first];
      }
    }
    expect(answers).toEqual(expected);
  });
});
