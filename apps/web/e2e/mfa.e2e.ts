import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { ApiHelper, PASSWORD, uniqueEmail } from './api-helper.ts';
import { screenshot } from './browser.ts';
import { expectPath } from './browser-checks.ts';
import { expectAccessible } from './expect-accessible.ts';
import {
  addVirtualAuthenticator,
  ageLastProof,
  enableTotpByApi,
  passwordStep,
  signOut,
  TotpApp,
  withoutPasskeyAutofill,
  wrongPasswords,
} from './mfa-helpers.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const { signIn: signInAs, guestPage } = useBrowser(baseUrl);
const signIn = (email: string, phone = false): Promise<Page> => signInAs(email, { phone });

const welcome = (page: Page, name: string) => page.getByRole('heading', { name: `Welcome, ${name}` }).waitFor();

describe('passkeys in the browser', () => {
  it('registers a passkey, signs in with it, uses it as a second factor, and removes it', async () => {
    const email = uniqueEmail('passkey');
    const { user } = await api.register('Pia Passkey', email);
    const page = await signIn(email);
    // The button's flow; autofill has a test of its own.
    await withoutPasskeyAutofill(page.context());
    const authenticator = await addVirtualAuthenticator(page);

    await page.goto('/security');
    const section = page.getByTestId('passkeys-section');
    await section.getByText('No passkeys yet').waitFor();
    await section.getByLabel('Name').fill('Laptop key');
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey added. You can now sign in with it.').waitFor();
    await section.getByTestId('passkey').filter({ hasText: 'Laptop key' }).getByText('Never used').waitFor();
    expect(await authenticator.passkeys()).toBe(1);

    await section.getByRole('button', { name: 'Rename Laptop key' }).click();
    await section.getByLabel('Name', { exact: true }).first().fill('Work laptop');
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByTestId('passkey').filter({ hasText: 'Work laptop' }).waitFor();
    await page.getByTestId('security-event').filter({ hasText: 'Passkey added' }).waitFor();
    await screenshot(page, 'security-passkeys');

    // Passwordless.
    await signOut(page);
    await screenshot(page, 'login-passkey');
    const [passkeyLogin] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/api/auth/passkeys/login')),
      page.getByRole('button', { name: 'Sign in with a passkey' }).click(),
    ]);
    expect(passkeyLogin.status()).toBe(200);
    await expectPath(page, '/');
    await welcome(page, 'Pia');

    // A passkey is a second factor too: the password alone no longer signs in.
    await signOut(page);
    await passwordStep(page, email, PASSWORD);
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    // Only the passkey: no authenticator app, so no codes to offer.
    expect(await page.getByRole('button', { name: /instead/ }).count()).toBe(0);
    await screenshot(page, 'second-step-passkey');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await expectPath(page, '/');
    await welcome(page, 'Pia');

    await page.goto('/security');
    const item = section.getByTestId('passkey').filter({ hasText: 'Work laptop' });
    await item.getByText('Last used').waitFor();
    // Signed in "11 minutes ago": removing asks to confirm it is you, here with the passkey itself.
    await ageLastProof(user.id);
    await item.getByRole('button', { name: 'Remove Work laptop' }).click();
    await page.getByRole('dialog', { name: 'Remove Work laptop?' }).getByRole('button', { name: 'Remove' }).click();
    const reauth = page.getByRole('dialog', { name: 'Confirm it’s you' });
    await reauth.getByRole('button', { name: 'Passkey' }).click();
    await reauth.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByText('Removed Work laptop.').waitFor();
    await reauth.waitFor({ state: 'hidden' });
    await section.getByText('No passkeys yet').waitFor();

    // Without it, the password is a whole sign-in again, and the passkey signs nobody in.
    await signOut(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByText('That passkey was not accepted').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expectPath(page, '/');
  });

  it('signs in from the username field’s passkey autofill (conditional mediation)', async () => {
    const email = uniqueEmail('autofill');
    await api.register('Ada Autofill', email);
    const page = await signIn(email);
    await addVirtualAuthenticator(page);
    await page.goto('/security');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    // Named after the device when the person gives no name.
    await page
      .getByTestId('passkey')
      .filter({ hasText: /^Passkey/ })
      .waitFor();

    // The login page asks for a passkey in the background as it opens; the virtual authenticator
    // answers as a person picking it from the autofill list would.
    const [autofill] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/api/auth/passkeys/login')),
      page
        .getByLabel('Account menu')
        .click()
        .then(() => page.getByRole('button', { name: 'Sign out', exact: true }).click()),
    ]);
    expect(autofill.status()).toBe(200);
    await expectPath(page, '/');
    await welcome(page, 'Ada');
  });
});

describe('authenticator app (TOTP) in the browser', () => {
  it('asks to confirm it is you before set-up, then turns TOTP on, signs in with codes and a recovery code, and makes new recovery codes', async () => {
    const email = uniqueEmail('totp');
    const { user } = await api.register('Tom Totp', email);
    const page = await signIn(email);
    // The sign-in was "11 minutes ago": setting up a second factor asks for a fresh proof.
    await ageLastProof(user.id);

    await page.goto('/security');
    const section = page.getByTestId('totp-section');
    await section.getByRole('button', { name: 'Set up authenticator app' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
    await dialog.waitFor();
    // Cancel: the set-up fails with the API's reason, and nothing was set up.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Confirm it is you').first().waitFor();
    expect(await page.getByTestId('totp-secret').count()).toBe(0);

    await section.getByRole('button', { name: 'Set up authenticator app' }).click();
    await dialog.getByLabel('Password').fill('not my password');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByText('Incorrect password').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'reauth-dialog');
    await dialog.getByLabel('Password').fill(PASSWORD);
    const [setup] = await Promise.all([
      page.waitForResponse(
        (response) => response.url().endsWith('/api/auth/mfa/totp/setup') && response.status() === 200,
      ),
      dialog.getByRole('button', { name: 'Confirm' }).click(),
    ]);
    expect(setup.status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });

    // The set-up call went through by itself once the password was confirmed.
    const secret = (await section.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret.replace(/\s+/g, '')).toMatch(/^[A-Z2-7]{16,}$/);
    await section.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'totp-setup');
    const totp = new TotpApp(secret);
    await section.getByLabel('Code from the app').fill('000000');
    await section.getByRole('button', { name: 'Turn on' }).click();
    await section.getByText('Incorrect code').waitFor();
    await section.getByLabel('Code from the app').fill(totp.code());
    await section.getByRole('button', { name: 'Turn on' }).click();

    const codes = section.getByTestId('recovery-codes');
    await codes.waitFor();
    const recoveryCodes = (await codes.getByRole('listitem').allTextContents()).map((code) => code.trim());
    expect(recoveryCodes).toHaveLength(10);
    await expectAccessible(page);
    await screenshot(page, 'recovery-codes');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      codes.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('portcullis-recovery-codes.txt');
    await codes.getByRole('button', { name: 'I have saved them' }).click();
    await section.getByText('On', { exact: true }).waitFor();
    await section.getByText('10 recovery codes left.').waitFor();

    // Sign in: password, then a wrong code, then the right one.
    await signOut(page);
    await passwordStep(page, email, PASSWORD);
    await page.getByLabel('Code from your authenticator app').fill(totp.wrongCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('That code is not right.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'second-step');
    await page.getByLabel('Code from your authenticator app').fill(totp.code());
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectPath(page, '/');
    await welcome(page, 'Tom');

    // A lost phone: a recovery code, once.
    await signOut(page);
    await passwordStep(page, email, PASSWORD);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectPath(page, '/');
    await page.goto('/security');
    await section.getByText('9 recovery codes left.').waitFor();
    await page.getByTestId('security-event').filter({ hasText: 'Signed in with a recovery code' }).waitFor();

    // New codes: the old ones, used or not, stop working.
    await section.getByRole('button', { name: 'New recovery codes' }).click();
    await page
      .getByRole('dialog', { name: 'Make new recovery codes?' })
      .getByRole('button', { name: 'Make new codes' })
      .click();
    await codes.waitFor();
    expect(await codes.getByRole('listitem').count()).toBe(10);
    await codes.getByRole('button', { name: 'I have saved them' }).click();
    await section.getByText('10 recovery codes left.').waitFor();

    await signOut(page);
    await passwordStep(page, email, PASSWORD);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    for (const old of [recoveryCodes[0], recoveryCodes[1]]) {
      await page.getByLabel('Recovery code').fill(old ?? '');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByText('That recovery code is not right, or it was already used.').waitFor();
    }
  });

  it('goes back to the password when five wrong codes killed the second step, and says when sign-in is locked', async () => {
    const email = uniqueEmail('ticket');
    await api.register('Tia Ticket', email);
    await enableTotpByApi(api, await api.login(email));
    const page = await guestPage();

    await passwordStep(page, email, PASSWORD);
    const code = page.getByLabel('Code from your authenticator app');
    for (let i = 0; i < 5; i += 1) {
      await code.fill('000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByText('That code is not right.').waitFor();
    }
    // The ticket is dead after five wrong answers: the sixth is refused as a spent ticket.
    await code.fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectPath(page, '/login?step=expired');
    await page.getByText('The second step of your sign-in expired or failed too often. Sign in again.').waitFor();

    // The wrong codes counted like wrong passwords: the account's sign-in is paused.
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const lockout = page.getByText(/Too many attempts\. Try again in (\d+ seconds?|\d+ min \d\d s)\./);
    await lockout.waitFor();
    // The wait counts down in place.
    const first = await lockout.textContent();
    await page.waitForFunction((before) => !document.body.textContent?.includes(before ?? ''), first, {
      timeout: 5_000,
    });
    await lockout.waitFor();
  });

  it('says how long sign-in is paused when the lockout starts during the second step', async () => {
    const email = uniqueEmail('lockout');
    await api.register('Lou Lockout', email);
    const { app } = await enableTotpByApi(api, await api.login(email));
    const page = await guestPage();
    await passwordStep(page, email, PASSWORD);

    // Meanwhile someone elsewhere guesses the password until the account's sign-in pauses: even
    // the right code waits.
    await wrongPasswords(baseUrl, email, 6);
    await page.getByLabel('Code from your authenticator app').fill(app.code());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText(/^Too many wrong answers: sign-in to this account is paused\. Try again in/).waitFor();
    await expectPath(page, /^\/login\/verify/);
    await screenshot(page, 'second-step-locked');
  });

  it('shows the second step and the security page on a phone, and turns TOTP off there', async () => {
    const email = uniqueEmail('phone-mfa');
    await api.register('Pat Phone', email);
    const { app } = await enableTotpByApi(api, await api.login(email));
    const page = await guestPage(true);
    await screenshot(page, 'phone-login');

    await passwordStep(page, email, PASSWORD);
    await expectAccessible(page);
    await screenshot(page, 'phone-second-step');
    await page.getByLabel('Code from your authenticator app').fill(app.code());
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectPath(page, '/');
    await page.goto('/security');
    await page.getByTestId('totp-section').getByText('10 recovery codes left.').waitFor();
    await page.getByTestId('passkeys-section').getByText('No passkeys yet').waitFor();
    await screenshot(page, 'phone-security');

    const section = page.getByTestId('totp-section');
    await section.getByRole('button', { name: 'Turn off' }).click();
    await page
      .getByRole('dialog', { name: 'Turn off the authenticator app?' })
      .getByRole('button', { name: 'Turn off' })
      .click();
    await page.getByText('The authenticator app no longer signs you in.').waitFor();
    await section.getByRole('button', { name: 'Set up authenticator app' }).waitFor();
    await signOut(page);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expectPath(page, '/');
  });
});

describe('an organization that requires two-step verification', () => {
  it('is switched on in the settings, and sends a member without a second factor to set one up', async () => {
    const ownerEmail = uniqueEmail('mfa-owner');
    const memberEmail = uniqueEmail('mfa-member');
    const owner = await api.user('Olga Owner', ownerEmail);
    const member = await api.user('Max Member', memberEmail);
    const orgId = await api.createOrg(owner.token, 'Vault Inc');
    await api.addMember(owner.token, orgId, memberEmail, member.token, 'member');
    const { app } = await enableTotpByApi(api, owner.token);

    const ownerPage = await guestPage();
    await passwordStep(ownerPage, ownerEmail, PASSWORD);
    await ownerPage.getByLabel('Code from your authenticator app').fill(app.code());
    await ownerPage.getByRole('button', { name: 'Verify' }).click();
    await expectPath(ownerPage, '/');
    await ownerPage.goto(`/orgs/${orgId}/settings`);
    const toggle = ownerPage.getByRole('switch', { name: 'Require two-factor authentication' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await ownerPage.getByText('Two-step verification is now required.').waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await screenshot(ownerPage, 'org-settings');

    const memberPage = await signIn(memberEmail);
    await memberPage.goto(`/orgs/${orgId}/posts`);
    await memberPage.getByRole('heading', { name: 'Vault Inc requires two-step verification' }).waitFor();
    await expectPath(memberPage, `/orgs/${orgId}/posts`);
    await expectAccessible(memberPage);
    await screenshot(memberPage, 'mfa-required');

    await addVirtualAuthenticator(memberPage);
    await memberPage.getByRole('link', { name: 'Set up two-step verification' }).click();
    await expectPath(memberPage, /^\/security\?next=/);
    await memberPage.getByRole('button', { name: 'Add a passkey' }).click();
    await memberPage.getByRole('link', { name: 'Continue where you were' }).click();
    await expectPath(memberPage, `/orgs/${orgId}/posts`);
    await memberPage.getByText('No posts yet').waitFor();
  });
});
