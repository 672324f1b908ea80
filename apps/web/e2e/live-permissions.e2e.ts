import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiHelper, PASSWORD, uniqueEmail } from './api-helper.ts';
import { ADMIN_EMAIL } from './app-server.ts';
import { screenshot } from './browser.ts';
import { expectPath } from './browser-checks.ts';
import { signInWith } from './session-helpers.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const browser = useBrowser(baseUrl);

const ownerEmail = uniqueEmail('live-owner');
let orgId: string;
let owner: { id: string; token: string };

beforeAll(async () => {
  owner = await api.user('Lou Live', ownerEmail);
  orgId = await api.createOrg(owner.token, 'Live Wires');
  await api.admin(ADMIN_EMAIL);
});

/**
 * The watching user's tab, with a fake clock (time still flows): the test moves it past the poll
 * interval instead of sleeping through it.
 */
async function watchingTab(email: string): Promise<Page> {
  const { context, page } = await browser.device();
  await context.clock.install();
  await page.goto('/login');
  await signInWith(page, email, PASSWORD);
  await expectPath(page, '/');
  return page;
}

/** Lets the watching tab's next look at the session happen (the poll runs every 5 s). */
const nextPoll = (page: Page) => page.clock.fastForward(6_000);

async function newMember(label: string, role: string): Promise<{ email: string; id: string }> {
  const email = uniqueEmail(label);
  const user = await api.user(`Val ${label}`, email);
  await api.addMember(owner.token, orgId, email, user.token, role);
  return { email, id: user.id };
}

async function changeRoleInTheBrowser(admin: Page, name: string, role: string): Promise<void> {
  await admin.goto(`/orgs/${orgId}/members`);
  const row = admin.getByTestId('member').filter({ hasText: name });
  await row.getByLabel(`Role of ${name}`).selectOption(role);
  await row.getByRole('button', { name: 'Save role' }).click();
  await admin.getByText(`${name} is now`).waitFor();
}

describe('a tab follows changes made elsewhere, within seconds', () => {
  it('opens the 403 page by itself once the user is promoted', async () => {
    const user = await newMember('promoted', 'member');
    const watching = await watchingTab(user.email);
    await watching.goto(`/orgs/${orgId}/audit`);
    await watching.getByTestId('forbidden').getByText('opens by itself').waitFor();

    const admin = await browser.signIn(ownerEmail);
    await changeRoleInTheBrowser(admin, 'Val promoted', 'admin');

    await nextPoll(watching);
    await watching.getByRole('heading', { name: 'Audit log' }).waitFor();
    expect(new URL(watching.url()).pathname).toBe(`/orgs/${orgId}/audit`);
  });

  it('keeps what a demoted user typed, with a clear message, until they leave', async () => {
    const user = await newMember('demoted', 'admin');
    const watching = await watchingTab(user.email);
    await watching.goto(`/orgs/${orgId}/roles`);
    await watching.getByRole('button', { name: 'New role' }).click();
    await watching.getByLabel('Name').fill('Half-typed role');

    const admin = await browser.signIn(ownerEmail);
    await changeRoleInTheBrowser(admin, 'Val demoted', 'member');

    await nextPoll(watching);
    await watching.getByTestId('access-lost').getByText('Your access has changed.').waitFor();
    expect(await watching.getByLabel('Name').inputValue()).toBe('Half-typed role');
    expect(new URL(watching.url()).pathname).toBe(`/orgs/${orgId}/roles`);
    await screenshot(watching, 'access-lost');

    await watching.getByRole('button', { name: 'Leave this page' }).click();
    await watching.getByTestId('forbidden').waitFor();
  });

  it('sends a blocked user’s tab to the sign-in page at once', async () => {
    const email = uniqueEmail('live-blocked');
    await api.register('Bea Blocked', email);
    const watching = await watchingTab(email);
    await watching.goto('/security');

    const admin = await browser.signIn(ADMIN_EMAIL);
    await admin.goto('/admin/users');
    await admin.getByLabel('Search by name or email').fill(email);
    const row = admin.getByTestId('admin-user').filter({ hasText: email });
    await row.getByRole('button', { name: 'Block Bea Blocked' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Block' }).click();
    await admin.getByText('Bea Blocked is blocked').waitFor();

    await nextPoll(watching);
    await expectPath(watching, '/login?next=/security');
  });

  it('sends a tab to the sign-in page once an admin signs the user out everywhere', async () => {
    const email = uniqueEmail('live-revoked');
    await api.register('Rex Revoked', email);
    const watching = await watchingTab(email);
    await watching.goto('/devices');

    const admin = await browser.signIn(ADMIN_EMAIL);
    await admin.goto('/admin/users');
    await admin.getByLabel('Search by name or email').fill(email);
    const row = admin.getByTestId('admin-user').filter({ hasText: email });
    await row.getByRole('button', { name: 'Sign out everywhere: Rex Revoked' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'End sessions' }).click();
    await admin.getByText('Every session of Rex Revoked has ended.').waitFor();

    await nextPoll(watching);
    await expectPath(watching, '/login?next=/devices');
  });
});
