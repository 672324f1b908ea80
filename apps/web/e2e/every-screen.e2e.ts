import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiHelper, uniqueEmail } from './api-helper.ts';
import { ADMIN_EMAIL } from './app-server.ts';
import { screenshot } from './browser.ts';
import { expectAccessible } from './expect-accessible.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const browser = useBrowser(baseUrl);

const ownerEmail = uniqueEmail('screens-owner');
const readerEmail = uniqueEmail('screens-reader');
let orgId: string;
let ownerId: string;
/** The landing page of a live invitation (preview of org, inviter and role). */
let invitationPath: string;

beforeAll(async () => {
  const owner = await api.user('Sam Screens', ownerEmail);
  ownerId = owner.id;
  const reader = await api.user('Rae Reader', readerEmail);
  orgId = await api.createOrg(owner.token, 'Screen Test Co');
  const readerRole = await api.createRole(owner.token, orgId, 'Post reader', ['posts.read']);
  await api.addMember(owner.token, orgId, readerEmail, reader.token, readerRole);
  await api.post(owner.token, orgId, 'A first post', 'Something to show in the list.');
  await api.admin(ADMIN_EMAIL);
  const invitee = uniqueEmail('screens-invitee');
  await api.call('POST', `/api/orgs/${orgId}/invitations`, {
    token: owner.token,
    body: { email: invitee, role: 'member' },
  });
  const link = new URL(await api.nextLink(invitee, 'accept-invitation'));
  invitationPath = `${link.pathname}${link.search}`;
});

/** Waits for the page and its data, so axe and the screenshot see the real screen. */
async function settle(page: Page): Promise<void> {
  await page.locator('main').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.locator('.state-loading').first().waitFor({ state: 'detached', timeout: 10_000 });
}

async function visit(page: Page, path: string, name: string, phone: boolean): Promise<void> {
  await page.goto(path);
  await settle(page);
  await expectAccessible(page, `${name} (${phone ? 'phone' : 'desktop'})`);
  if (phone) {
    await expectNothingCutOff(page, name);
    await screenshot(page, `phone-${name}`);
  }
}

/** On a phone nothing may need sideways scrolling: not the page, not a table's box. */
async function expectNothingCutOff(page: Page, name: string): Promise<void> {
  const overflowing = await page.evaluate(() =>
    [document.documentElement, ...document.querySelectorAll<HTMLElement>('.table-wrap')]
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map((element) => element.className || element.tagName),
  );
  expect(overflowing, `wider than the phone on ${name}`).toEqual([]);
}

const guestScreens = (): [string, string][] => [
  ['/login', 'login'],
  ['/register', 'register'],
  ['/forgot-password', 'forgot-password'],
  ['/reset-password?token=not-a-real-token', 'reset-password'],
  ['/verify-email?token=not-a-real-token', 'verify-email'],
  ['/confirm-email?token=not-a-real-token', 'confirm-email-guest'],
  ['/accept-invitation?token=not-a-real-token', 'accept-invitation-guest'],
  ['/no-such-page', 'not-found-guest'],
  ['/confirm-email?token=not-a-real-token', 'confirm-email'],
  [invitationPath, 'invitation-landing-guest'],
];
const ownerScreens = (): [string, string][] => [
  ['/', 'home'],
  ['/devices', 'devices'],
  ['/profile', 'profile'],
  ['/new-organization', 'new-organization'],
  ['/security', 'security'],
  [`/orgs/${orgId}/posts`, 'posts'],
  [`/orgs/${orgId}/members`, 'members'],
  [`/orgs/${orgId}/roles`, 'roles'],
  [`/orgs/${orgId}/settings`, 'org-settings'],
  [`/orgs/${orgId}/audit`, 'audit'],
  ['/accept-invitation?token=not-a-real-token', 'accept-invitation'],
  ['/no-such-page', 'not-found'],
];

describe.each([
  ['desktop', false],
  ['phone', true],
])('every screen on %s: no serious or critical axe violations', (_viewport, phone) => {
  it('the signed-out screens', async () => {
    const { page } = await browser.device(phone);
    for (const [path, name] of guestScreens()) await visit(page, path, name, phone);
  });

  it("an owner's screens", async () => {
    const page = await browser.signIn(ownerEmail, { phone });
    for (const [path, name] of ownerScreens()) await visit(page, path, name, phone);
  });

  // Apart from the owner's org screens, so that each test stays well inside its time on a busy machine.
  it("an owner's account screens", async () => {
    const page = await browser.signIn(ownerEmail, { phone });
    await visit(page, '/profile', 'profile', phone);
    await visit(page, '/new-organization', 'new-organization', phone);
    await visit(page, invitationPath, 'invitation-landing-other-account', phone);
  });

  it('the 403 page', async () => {
    const page = await browser.signIn(readerEmail, { phone });
    await visit(page, `/orgs/${orgId}/audit`, 'forbidden', phone);
  });

  it("the platform admin's screens", async () => {
    const page = await browser.signIn(ADMIN_EMAIL, { phone });
    await visit(page, '/admin/users', 'admin-users', phone);
    await visit(page, `/admin/users/${ownerId}`, 'admin-user', phone);
  });
});
