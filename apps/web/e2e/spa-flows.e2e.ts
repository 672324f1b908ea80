import { describe, expect, inject, it } from 'vitest';
import { ApiHelper, uniqueEmail } from './api-helper.ts';
import { screenshot } from './browser.ts';
import { expectPath } from './browser-checks.ts';
import { useBrowser } from './use-browser.ts';

// Flows of the first SPA work that had no browser test: one device and every device signed out,
// a member removed, a custom role edited and deleted, the verification link sent again.
const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const { signIn } = useBrowser(baseUrl);

describe('flows in the browser', () => {
  it('signs out one other device, then every device including this one', async () => {
    const email = uniqueEmail('devices');
    await api.register('Dev Ices', email);
    const other = await api.login(email);
    const page = await signIn(email);
    await page.goto('/devices');
    const sessions = page.getByTestId('session');
    await sessions.nth(1).waitFor();
    const otherRow = sessions.filter({ hasNot: page.getByText('This device') });
    await otherRow.getByRole('button', { name: /^Sign out / }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('session').nth(1).waitFor({ state: 'detached' });
    expect(await api.live(other)).toBe(false);

    const third = await api.login(email);
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await expectPath(page, '/login');
    expect(await api.live(third)).toBe(false);
  });

  it('removes a member, who loses the org at once', async () => {
    const ownerEmail = uniqueEmail('remover');
    const owner = await api.user('Rae Remover', ownerEmail);
    const orgId = await api.createOrg(owner.token, 'Removal Co');
    const memberEmail = uniqueEmail('removed');
    const member = await api.user('Ray Removed', memberEmail);
    await api.addMember(owner.token, orgId, memberEmail, member.token, 'member');

    const page = await signIn(ownerEmail);
    await page.goto(`/orgs/${orgId}/members`);
    await page.getByRole('button', { name: 'Remove Ray Removed' }).click();
    await page.getByRole('dialog', { name: 'Remove Ray Removed?' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByText('Ray Removed was removed from the organization.').waitFor();
    expect(await page.getByTestId('member').filter({ hasText: 'Ray Removed' }).count()).toBe(0);
    const asMember = await fetch(`${baseUrl}/api/orgs/${orgId}`, {
      headers: { Authorization: `Bearer ${member.token}` },
    });
    expect(asMember.status).toBe(404);
  });

  it('edits a custom role’s permissions, then deletes it', async () => {
    const email = uniqueEmail('roles');
    const { token } = await api.user('Rho Roles', email);
    const orgId = await api.createOrg(token, 'Role Play');
    await api.call('POST', `/api/orgs/${orgId}/roles`, {
      token,
      body: { name: 'Reviewer', permissions: ['posts.read'] },
    });

    const page = await signIn(email, { phone: true });
    await page.goto(`/orgs/${orgId}/roles`);
    await page.getByRole('button', { name: 'Edit Reviewer' }).click();
    const editor = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save role' }) });
    await editor.getByLabel('Name').fill('Senior reviewer');
    await editor.locator('fieldset[data-resource="members"]').getByLabel('members.read').check();
    await editor.getByRole('button', { name: 'Save role' }).click();
    await page.getByText('Role “Senior reviewer” saved.').waitFor();
    const role = page.getByTestId('role').filter({ hasText: 'Senior reviewer' });
    await role.getByText('members.read').waitFor();
    await screenshot(page, 'phone-roles-edited');

    await role.getByRole('button', { name: 'Delete Senior reviewer' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete role' }).click();
    await page.getByText('Role “Senior reviewer” deleted.').waitFor();
    await role.waitFor({ state: 'detached' });
  });

  it('sends the verification link again from the banner, and the new link verifies', async () => {
    const email = uniqueEmail('resend');
    await api.register('Res End', email);
    const firstLink = await api.nextLink(email, 'verify-email');
    const page = await signIn(email);
    await page.getByRole('button', { name: 'Send the link again' }).click();
    await page.getByText('We sent a new link to').waitFor();
    const newLink = await api.nextLink(email, 'verify-email', firstLink);
    const url = new URL(newLink);
    await page.goto(`${url.pathname}${url.search}`);
    await page.getByText('Your email address is verified.').waitFor();
  });
});
