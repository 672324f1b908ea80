import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiHelper, uniqueEmail } from './api-helper.ts';
import { ADMIN_EMAIL } from './app-server.ts';
import { screenshot } from './browser.ts';
import { expectPath } from './browser-checks.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const { signIn } = useBrowser(baseUrl);

beforeAll(async () => {
  await api.register('Ari Admin', ADMIN_EMAIL).catch(() => undefined);
  // ADMIN_EMAILS grants admin only to a verified address.
  await api.verifyEmail(ADMIN_EMAIL);
});

describe('administration in the browser', () => {
  it('finds a user by name, shows their sessions and events, ends one session, then all, and blocks and unblocks', async () => {
    const tag = Date.now().toString(36);
    const email = uniqueEmail('detail');
    await api.register(`Vic${tag} Visible`, email);
    const first = await api.login(email);
    const second = await api.login(email);

    const admin = await signIn(ADMIN_EMAIL, { phone: true });
    await admin.goto('/admin/users');
    await admin.getByTestId('user-count').waitFor();
    expect(await admin.getByTestId('user-count').textContent()).toMatch(/^\d+ accounts?$/);
    await admin.getByLabel('Search by name or email').fill(`vic${tag}`);
    await admin.getByRole('link', { name: `Vic${tag} Visible` }).click();
    await expectPath(admin, /^\/admin\/users\/[\w-]+$/);
    await admin.getByRole('heading', { name: 'Sessions (2)' }).waitFor();
    await admin.getByTestId('security-event').first().waitFor();
    await screenshot(admin, 'phone-admin-user');

    // One session: the newest is listed first (most recently seen).
    await admin
      .getByTestId('admin-session')
      .first()
      .getByRole('button', { name: /^Sign out / })
      .click();
    await admin.getByRole('dialog', { name: 'End this session?' }).getByRole('button', { name: 'End session' }).click();
    await admin.getByText('That session has ended.').waitFor();
    await admin.getByRole('heading', { name: 'Sessions (1)' }).waitFor();
    expect([await api.live(first), await api.live(second)].filter(Boolean)).toHaveLength(1);

    await admin.getByRole('button', { name: 'Sign out everywhere' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'End sessions' }).click();
    await admin.getByText('Not signed in anywhere').waitFor();
    expect(await api.live(first)).toBe(false);
    expect(await api.live(second)).toBe(false);

    await admin.getByRole('button', { name: `Block Vic${tag} Visible` }).click();
    const dialog = admin.getByRole('dialog', { name: `Block Vic${tag} Visible?` });
    await dialog.getByLabel(/Reason/).fill('Testing');
    await dialog.getByRole('button', { name: 'Block' }).click();
    await admin.getByText('Blocked since').waitFor();
    await admin.getByText('Account blocked by an administrator').waitFor();
    await admin.getByRole('button', { name: 'Unblock' }).click();
    await admin.getByText(`Vic${tag} Visible can sign in again.`).waitFor();
    expect(await api.live(await api.login(email))).toBe(true);
  });

  it('ends every session of a user from the list’s button', async () => {
    const email = uniqueEmail('listed');
    await api.register('Lou Listed', email);
    const token = await api.login(email);
    const admin = await signIn(ADMIN_EMAIL);
    await admin.goto('/admin/users');
    await admin.getByLabel('Search by name or email').fill(email);
    const row = admin.getByTestId('admin-user').filter({ hasText: email });
    await row.waitFor();
    await row.getByRole('button', { name: 'Sign out everywhere: Lou Listed' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'End sessions' }).click();
    await admin.getByText('Every session of Lou Listed has ended.').waitFor();
    expect(await api.live(token)).toBe(false);
  });
});

describe('load more', () => {
  it('pages through a long audit log', async () => {
    const email = uniqueEmail('pager');
    const { token } = await api.user('Pat Pager', email);
    const orgId = await api.createOrg(token, 'Name 0');
    // 55 renames + the creation: more than one page of 50.
    for (let i = 1; i <= 55; i += 1) {
      await api.call('PATCH', `/api/orgs/${orgId}`, { token, body: { name: `Name ${i}` } });
    }
    const page = await signIn(email);
    await page.goto(`/orgs/${orgId}/audit`);
    const rows = page.getByTestId('audit-event');
    await rows.nth(49).waitFor();
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await rows.nth(55).waitFor();
    expect(await rows.count()).toBe(56);
    await page.getByText('created the organization').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });
});
