import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ApiHelper, PASSWORD, uniqueEmail } from './api-helper.ts';
import { ADMIN_EMAIL } from './app-server.ts';
import { screenshot } from './browser.ts';
import { expectPath } from './browser-checks.ts';
import { signInWith } from './session-helpers.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const { signIn: signInAs, device } = useBrowser(baseUrl);
const signIn = (email: string, password = PASSWORD): Promise<Page> => signInAs(email, { password });

describe('account security in the browser', () => {
  it('verifies the email address from the emailed link', async () => {
    const email = uniqueEmail('verify');
    await api.register('Vera Verify', email);
    const page = await signIn(email);
    await page.getByText('Please verify').waitFor();

    const link = new URL(await api.nextLink(email, 'verify-email'));
    await page.goto(`${link.pathname}${link.search}`);
    await page.getByText('Your email address is verified.').waitFor();
    await screenshot(page, 'verify-email');
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Welcome, Vera' }).waitFor();
    await page.getByText('Please verify').waitFor({ state: 'detached' });
  });

  it('resets a forgotten password from the emailed link, and signs in with the new one', async () => {
    const email = uniqueEmail('reset');
    await api.register('Rita Reset', email);
    const { page } = await device();

    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expectPath(page, '/forgot-password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('a reset link is on its way').waitFor();
    await screenshot(page, 'forgot-password');

    const link = new URL(await api.nextLink(email, 'reset-password'));
    await page.goto(`${link.pathname}${link.search}`);
    await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await page.getByLabel('Repeat new password').fill('a different passphrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('The two passwords differ').waitFor();
    await screenshot(page, 'reset-password');

    await page.getByLabel('Repeat new password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expectPath(page, '/login?reset=1');
    await page.getByText('Your password was changed.').waitFor();
    await signInWith(page, email, 'a brand new passphrase');
    await page.getByRole('heading', { name: 'Welcome, Rita' }).waitFor();

    // The link worked once, and the page says so as it opens, before anything is typed.
    await page.goto(`${link.pathname}${link.search}`);
    await page.getByText('This link is not valid or was already used.').waitFor();
    expect(await page.getByLabel('New password', { exact: true }).count()).toBe(0);
  });

  it('changes the password, with the API refusing a wrong current one inline', async () => {
    const email = uniqueEmail('change');
    await api.register('Chen Change', email);
    const page = await signIn(email);
    await page.goto('/security');
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill('another long passphrase');
    await page.getByLabel('Repeat new password').fill('another long passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Incorrect password').waitFor();

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Every other device has been signed out.').waitFor();
    await page.getByTestId('security-event').filter({ hasText: 'Password changed' }).waitFor();
  });

  it('lets a platform admin block a user, who is sent to /login and cannot sign in again', async () => {
    // The admin account survives between runs (same Redis): register once, then just sign in.
    await api.register('Ari Admin', ADMIN_EMAIL).catch(() => undefined);
    // ADMIN_EMAILS grants admin only to a verified address.
    await api.verifyEmail(ADMIN_EMAIL);
    const email = uniqueEmail('blocked');
    await api.register('Bo Blocked', email);
    const victim = await signIn(email);
    const admin = await signIn(ADMIN_EMAIL);

    await admin.getByRole('link', { name: 'Admin' }).click();
    await expectPath(admin, '/admin/users');
    await admin.getByLabel('Search by name or email').fill(email);
    const row = admin.getByTestId('admin-user').filter({ hasText: email });
    await row.waitFor();
    await row.getByRole('button', { name: 'Block Bo Blocked' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Block Bo Blocked?' });
    await dialog.getByLabel(/Reason/).fill('Spam');
    await dialog.getByRole('button', { name: 'Block' }).click();
    await admin.getByText('Bo Blocked is blocked and signed out everywhere.').waitFor();
    await row.getByText('Blocked', { exact: true }).waitFor();
    await screenshot(admin, 'admin-users');

    await victim.getByRole('link', { name: 'Manage devices' }).click();
    await expectPath(victim, '/login?next=/devices');
    await victim.getByLabel('Email').fill(email);
    await victim.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await victim.getByRole('button', { name: 'Sign in', exact: true }).click();
    await victim.getByText('blocked', { exact: false }).first().waitFor();

    await row.getByRole('button', { name: 'Unblock' }).click();
    await admin.getByText('Bo Blocked can sign in again.').waitFor();
  });
});
