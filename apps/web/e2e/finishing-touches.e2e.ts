import { describe, expect, inject, it } from 'vitest';
import { ApiHelper, uniqueEmail } from './api-helper.ts';
import { ADMIN_EMAIL } from './app-server.ts';
import { screenshot } from './browser.ts';
import { expectAccessible } from './expect-accessible.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const browser = useBrowser(baseUrl);

describe('the smaller things', () => {
  it('verifies in one tab and the banner goes in the other; the link opened again just says verified', async () => {
    const email = uniqueEmail('banner');
    await api.register('Bo Banner', email);
    const home = await browser.signIn(email);
    await home.getByText('Please verify').waitFor();
    const other = await home.context().newPage();

    const link = new URL(await api.nextLink(email, 'verify-email'));
    await other.goto(`${link.pathname}${link.search}`);
    await other.getByText('Your email address is verified.').waitFor();
    // No reload, no request of its own: the other tab was told.
    await home.getByText('Please verify').waitFor({ state: 'detached' });

    await other.goto(`${link.pathname}${link.search}`);
    await other.getByText('Your email address is verified.').waitFor();
    expect(await other.getByRole('alert').count()).toBe(0);
    expect(await other.getByRole('button', { name: /new link/ }).count()).toBe(0);
  });

  it('closes the account menu on a click outside it, and never shows it over the phone nav', async () => {
    const email = uniqueEmail('menu');
    await api.register('Mo Menu', email);
    const page = await browser.signIn(email);
    const menu = page.locator('details.menu');
    await page.getByLabel('Account menu').click();
    expect(await menu.getAttribute('open')).not.toBeNull();
    await page.getByRole('heading', { name: 'Welcome, Mo' }).click();
    expect(await menu.getAttribute('open')).toBeNull();

    const phone = await browser.signIn(email, { phone: true });
    const phoneMenu = phone.locator('details.menu');
    await phone.getByLabel('Account menu').click();
    await phone.getByRole('button', { name: 'Menu' }).click();
    expect(await phoneMenu.getAttribute('open')).toBeNull();
    await phone.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).waitFor();
    await phone.getByLabel('Account menu').click();
    await phone.getByRole('navigation', { name: 'Main' }).waitFor({ state: 'hidden' });
  });

  it('names the device signed out, and shows an administrator’s block without their address', async () => {
    const email = uniqueEmail('events');
    const { user } = await api.register('Eve Events', email);
    const page = await browser.signIn(email);
    await browser.signIn(email);
    await page.goto('/devices');
    const other = page.getByTestId('session').filter({ hasNotText: 'This device' });
    await other.getByRole('button', { name: /^Sign out / }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('session').nth(1).waitFor({ state: 'detached' });

    await api.admin(ADMIN_EMAIL);
    const admin = await api.login(ADMIN_EMAIL);
    await api.call('POST', `/api/admin/users/${user.id}/block`, { token: admin, body: {} });
    await api.call('POST', `/api/admin/users/${user.id}/unblock`, { token: admin, body: {} });

    const again = await browser.signIn(email);
    await again.goto('/security');
    await again
      .getByTestId('security-event')
      .filter({ hasText: /Signed out .+ on / })
      .waitFor();
    for (const text of ['Account blocked by an administrator', 'Account unblocked by an administrator']) {
      const event = again.getByTestId('security-event').filter({ hasText: text });
      await event.getByText('By an administrator', { exact: true }).waitFor();
      expect(await event.textContent()).not.toMatch(/IP /);
    }
  });

  it('has a favicon, and a dark theme that keeps its contrast', async () => {
    const { page } = await browser.device();
    const icon = await page.request.get(`${baseUrl}/favicon.svg`);
    expect(icon.status()).toBe(200);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(245, 246, 248)');
    await expectAccessible(page, 'login (dark)');
    await screenshot(page, 'login-dark');

    const email = uniqueEmail('dark');
    await api.register('Dee Dark', email);
    const token = await api.login(email);
    const orgId = await api.createOrg(token, 'Night Shift');
    const signedIn = await browser.signIn(email);
    await signedIn.emulateMedia({ colorScheme: 'dark' });
    for (const path of ['/', `/orgs/${orgId}/members`, `/orgs/${orgId}/roles`, '/security']) {
      await signedIn.goto(path);
      await signedIn.locator('main h1').first().waitFor();
      await signedIn.waitForLoadState('networkidle');
      await expectAccessible(signedIn, `${path} (dark)`);
    }
    await screenshot(signedIn, 'security-dark');
  });
});
