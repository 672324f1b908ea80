import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ApiHelper, uniqueEmail } from './api-helper.ts';
import { screenshot } from './browser.ts';
import { expectPath } from './browser-checks.ts';
import { expectAccessible } from './expect-accessible.ts';
import { enableTotpByApi, signOut } from './mfa-helpers.ts';
import { signInWith } from './session-helpers.ts';
import { useBrowser } from './use-browser.ts';

// Sign-in and linking with a real OpenID Provider (apps/api/test/oidc-provider.ts, started by
// global-setup.ts on 127.0.0.1 — another site than the app on localhost, so the way back is the
// cross-site top-level navigation the flow cookie's SameSite=Lax is for).
const baseUrl = inject('baseUrl');
const issuer = inject('oidcIssuer');
const api = new ApiHelper(baseUrl);
const { guestPage, signIn } = useBrowser(baseUrl);

const uniqueLogin = (label: string) => `${label}-${crypto.randomUUID().slice(0, 12)}`;

/** What a person does on the provider's development pages: sign in, then allow. */
async function atProvider(page: Page, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === issuer);
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('signing in with an OpenID Provider', () => {
  it('goes from the provider button to the provider’s login page and back, signed in', async () => {
    const page = await guestPage();
    await page.goto('/login');
    const login = uniqueLogin('e2e-social');
    await page.getByRole('link', { name: 'Continue with Corp SSO' }).click();
    await atProvider(page, login);
    await expectPath(page, '/');
    await page.getByRole('heading', { name: 'Welcome, User' }).waitFor();

    // The account exists and is this user's; the provider is listed on the security page.
    await page.goto('/security');
    const section = page.getByTestId('connected-accounts');
    await section.getByTestId('identity').getByText(`${login}@corp.test`).waitFor();
    await screenshot(page, 'social-connected-accounts');

    // It is this account's only way in (no password, no passkey): disconnecting it is refused.
    await section.getByRole('button', { name: 'Disconnect Corp SSO' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
    await section.getByText('This is your only way to sign in').waitFor();
    await section.getByTestId('identity').getByText(`${login}@corp.test`).waitFor();
  });

  it('says why when the provider account’s email belongs to an existing account', async () => {
    const login = uniqueLogin('e2e-exists');
    await api.register('Erin Existing', `${login}@corp.test`);
    const page = await guestPage();
    await page.goto('/register');
    await page.getByRole('link', { name: 'Continue with Corp SSO' }).click();
    await atProvider(page, login);
    await expectPath(page, '/login?error=account-exists');
    await page.getByText('An account with this email already exists.').waitFor();
  });
});

describe('an account made from a provider, which has no password', () => {
  it('offers “Set a password” by email instead of asking for a current one; the form appears once set', async () => {
    const page = await guestPage();
    await page.goto('/login');
    const login = uniqueLogin('e2e-nopw');
    const email = `${login}@corp.test`;
    await page.getByRole('link', { name: 'Continue with Corp SSO' }).click();
    await atProvider(page, login);
    await page.getByRole('heading', { name: 'Welcome, User' }).waitFor();

    await page.goto('/security');
    await page.getByRole('heading', { name: 'Set a password' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Change password' }).count()).toBe(0);
    expect(await page.getByLabel('Current password').count()).toBe(0);
    await page.getByRole('button', { name: 'Email me a link to set a password' }).click();
    await page.getByText('A link to set your password is on its way to').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'security-set-password');

    // The link the button sent (to the account's own address) sets the first password.
    const link = new URL(await api.nextLink(email, 'reset-password'));
    await page.goto(`${link.pathname}${link.search}`);
    await page.getByLabel('New password', { exact: true }).fill('my first own passphrase');
    await page.getByLabel('Repeat new password').fill('my first own passphrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expectPath(page, '/login?reset=1');
    await signInWith(page, email, 'my first own passphrase');
    await page.getByRole('heading', { name: 'Welcome, User' }).waitFor();

    await page.goto('/security');
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    await page.getByLabel('Current password').waitFor();
    expect(await page.getByRole('heading', { name: 'Set a password' }).count()).toBe(0);
  });
});

describe('a provider sign-in with a second factor', () => {
  it('lands on the second-step page with the ticket, which leaves the address bar, then signs in', async () => {
    const page = await guestPage();
    const login = uniqueLogin('e2e-mfa');
    await page.goto('/login');
    await page.getByRole('link', { name: 'Continue with Corp SSO' }).click();
    await atProvider(page, login);
    await page.getByRole('heading', { name: 'Welcome, User' }).waitFor();
    // The account has no password: its access token, as the SPA got it, from the refresh cookie.
    const token = await page.evaluate(async () => {
      const response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      return ((await response.json()) as { accessToken: string }).accessToken;
    });
    const { app } = await enableTotpByApi(api, token);
    await signOut(page);

    // Still signed in at the provider, which sends the browser straight back.
    await page.getByRole('link', { name: 'Continue with Corp SSO' }).click();
    // The callback sent `/login/verify#mfaToken=…`; the guard takes the ticket into memory (without
    // one it would send the browser to /login) and replaces the entry: no mfaToken left in the URL.
    await page.waitForURL((url) => url.pathname === '/login/verify' && url.hash === '');
    await page.getByLabel('Code from your authenticator app').fill(app.code());
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectPath(page, '/');
    await page.getByRole('heading', { name: 'Welcome, User' }).waitFor();
  });
});

describe('connected accounts', () => {
  it('links a provider account from the security page, then signs in with it', async () => {
    const email = uniqueEmail('linker');
    await api.register('Lina Linker', email);
    const page = await signIn(email);
    await page.goto('/security');
    const section = page.getByTestId('connected-accounts');
    await section.getByText('No connected accounts').waitFor();
    const login = uniqueLogin('e2e-link');
    await section.getByRole('button', { name: 'Connect Corp SSO' }).click();
    await atProvider(page, login);
    await expectPath(page, '/security?linked=corp');
    await page.getByText('Account connected. You can now sign in with it.').waitFor();
    await section.getByTestId('identity').getByText(`${login}@corp.test`).waitFor();

    // Another browser signs in to the same account with the provider alone.
    const other = await guestPage();
    await other.goto('/login');
    await other.getByRole('link', { name: 'Continue with Corp SSO' }).click();
    await atProvider(other, login);
    await other.getByRole('heading', { name: 'Welcome, Lina' }).waitFor();

    // Disconnecting it leaves the password: allowed, and the list is empty again.
    await section.getByRole('button', { name: 'Disconnect Corp SSO' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
    await section.getByText('No connected accounts').waitFor();
  });
});
