import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ApiHelper, PASSWORD, uniqueEmail } from './api-helper.ts';
import { screenshot } from './browser.ts';
import { expectPath } from './browser-checks.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const { signIn } = useBrowser(baseUrl);

async function openProfile(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Account menu' }).or(page.getByLabel('Account menu')).first().click();
  await page.getByRole('link', { name: 'Profile' }).click();
  await expectPath(page, '/profile');
}

describe('the profile page', () => {
  it('changes the name', async () => {
    const email = uniqueEmail('profile-name');
    await api.register('Paula Profile', email);
    const page = await signIn(email, { phone: true });
    await openProfile(page);
    await screenshot(page, 'phone-profile');
    await page.getByRole('textbox', { name: 'Name' }).fill('Paula P. Profile');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Name saved.').waitFor();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Welcome, Paula' }).waitFor();
  });

  it('changes the email address through the link sent to the new one, staying signed in', async () => {
    const email = uniqueEmail('profile-email');
    const newEmail = uniqueEmail('profile-new');
    await api.register('Ezra Email', email);
    const page = await signIn(email);
    await openProfile(page);
    await page.getByLabel('New email address').fill(newEmail);
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    await page.getByText(`We sent a link to ${newEmail}`).waitFor();

    const link = new URL(await api.nextLink(newEmail, 'confirm-email'));
    await page.goto(`${link.pathname}${link.search}`);
    await page.getByText('Your email address was changed.').waitFor();
    await screenshot(page, 'confirm-email');
    await page.getByRole('link', { name: 'Continue' }).click();
    await openProfile(page);
    await page.getByText(`You sign in as ${newEmail}`).waitFor();
  });

  it('refuses to delete the only owner of an org, with a link to transfer it, then deletes once they are not', async () => {
    const email = uniqueEmail('profile-delete');
    const { token } = await api.user('Dora Delete', email);
    const orgId = await api.createOrg(token, 'Dora’s Bakery');
    const page = await signIn(email, { phone: true });
    await openProfile(page);

    const button = page.getByRole('button', { name: 'Delete my account' });
    expect(await button.isDisabled()).toBe(true);
    await page.getByLabel('Type your email address to confirm').fill(email);
    await button.click();
    await page.getByText('You are the only owner of an organization.').waitFor();
    const transfer = page.getByRole('link', { name: 'Transfer ownership of Dora’s Bakery' });
    expect(await transfer.getAttribute('href')).toBe(`/orgs/${orgId}/members`);
    await screenshot(page, 'phone-profile-delete-refused');

    await api.call('DELETE', `/api/orgs/${orgId}`, { token });
    await button.click();
    await expectPath(page, '/login');
    await page.getByText('Your account was deleted.').waitFor();
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(login.status).toBe(401);
  });
});
