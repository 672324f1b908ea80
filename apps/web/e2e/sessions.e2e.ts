import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { PASSWORD, uniqueEmail } from './api-helper.ts';
import { screenshot } from './browser.ts';
import { expectPath, expectTokenNowhereReadable } from './browser-checks.ts';
import { expectAccessible } from './expect-accessible.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const { device } = useBrowser(baseUrl);

/** Signs in through the form; resolves with the access token the API answered. */
async function signIn(page: Page, email: string): Promise<string> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.url().endsWith('/api/auth/login')),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

describe('sessions in the browser', () => {
  const email = uniqueEmail('sessions');
  let first: { context: BrowserContext; page: Page };
  let second: { context: BrowserContext; page: Page };

  it('registers, signs out, signs in, and keeps the session across a reload', async () => {
    first = await device();
    const { page } = first;
    await page.goto('/');
    await expectPath(page, '/login?next=/');
    await screenshot(page, 'login');

    await page.getByRole('link', { name: 'Create an account' }).click();
    await expectPath(page, /^\/register/);
    // The API's own messages, inline: a short password is refused by the server, not the page.
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Use at least 8 characters').waitFor();
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await screenshot(page, 'register-validation');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectPath(page, '/');
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();

    await page.getByLabel('Account menu').click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expectPath(page, '/login');
    await page.getByText('You have signed out.').waitFor();

    const token = await signIn(page, email);
    await expectPath(page, '/');
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    await expectTokenNowhereReadable(page, first.context, token);

    // A reload loses the in-memory token; the HttpOnly cookie brings the session back.
    const [refresh] = await Promise.all([
      page.waitForResponse((candidate) => candidate.url().endsWith('/api/auth/refresh')),
      page.reload(),
    ]);
    expect(refresh.status()).toBe(200);
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const refreshed = ((await refresh.json()) as { accessToken: string }).accessToken;
    await expectTokenNowhereReadable(page, first.context, refreshed);
    await screenshot(page, 'dashboard');
  });

  it('signs out the other devices, and the other device goes to /login on its next action', async () => {
    second = await device();
    await second.page.goto('/login');
    await signIn(second.page, email);
    await second.page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();

    const { page } = first;
    await page.getByRole('link', { name: 'Manage devices' }).click();
    await expectPath(page, '/devices');
    await page.getByTestId('session').nth(1).waitFor();
    expect(await page.getByTestId('session').count()).toBe(2);
    expect(await page.getByText('This device', { exact: true }).count()).toBe(1);
    await screenshot(page, 'devices');

    await page.getByRole('button', { name: 'Sign out other devices' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out every other device?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Sign out others' }).click();
    await page.getByText('Signed out 1 other device.').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="session"]').length === 1);

    // The second device still holds an access token the JWT alone would accept; the API checks
    // the session on every request, the refresh fails, and the app asks to sign in again.
    await second.page.getByRole('link', { name: 'Manage devices' }).click();
    await expectPath(second.page, '/login?next=/devices');
    await second.page.getByText('Your session has ended. Sign in again to continue.').waitFor();
    await screenshot(second.page, 'signed-out-elsewhere');

    // The first device was not touched.
    await page.reload();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/devices');
  });

  it('signs out every tab when one tab signs out', async () => {
    const { context, page } = first;
    const otherTab = await context.newPage();
    await otherTab.goto('/security');
    await otherTab.getByRole('heading', { name: 'Security' }).waitFor();
    await otherTab.getByTestId('security-event').first().waitFor();
    await screenshot(otherTab, 'security');

    await page.getByLabel('Account menu').click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expectPath(page, '/login');

    // No reload, no request from the other tab: the BroadcastChannel message alone.
    await expectPath(otherTab, '/login?next=/security');
    await otherTab.getByText('You signed out in another tab.').waitFor();
    // And the session really is over: a reload does not bring it back.
    await otherTab.reload();
    await expectPath(otherTab, '/login?next=/security');
  });
});
