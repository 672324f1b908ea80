import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiHelper, PASSWORD, uniqueEmail } from './api-helper.ts';
import { screenshot } from './browser.ts';
import { expectPath } from './browser-checks.ts';
import { signInWith } from './session-helpers.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const browser = useBrowser(baseUrl);

let owner: { id: string; token: string };
let orgId: string;

beforeAll(async () => {
  owner = await api.user('Irene Inviter', uniqueEmail('inviter'));
  orgId = await api.createOrg(owner.token, 'Harbour Works');
});

/** A signed-out device on a blank page (the test opens the invitation link itself). */
async function guestPage(phone = false): Promise<Page> {
  return (await browser.device(phone)).page;
}

/** Invites `email` as `role` through the API; the path of the emailed link. */
async function invitationPath(email: string, role = 'member'): Promise<string> {
  await api.call('POST', `/api/orgs/${orgId}/invitations`, { token: owner.token, body: { email, role } });
  const link = new URL(await api.nextLink(email, 'accept-invitation'));
  return `${link.pathname}${link.search}`;
}

describe('the invitation landing page', () => {
  it('shows who invites whom to what; a signed-out invitee signs in with the address filled in, then accepts', async () => {
    const email = uniqueEmail('invitee');
    await api.register('Ivan Invitee', email);
    const path = await invitationPath(email, 'admin');

    const page = await guestPage(true);
    await page.goto(path);
    await page.getByText('Irene Inviter invited').waitFor();
    expect(await page.getByText(`${email} to join Harbour Works as Admin`).count()).toBe(1);
    await screenshot(page, 'phone-invitation-signed-out');

    await page.getByRole('link', { name: 'Sign in to accept' }).click();
    await expectPath(page, /^\/login\?/);
    expect(await page.getByLabel('Email').inputValue()).toBe(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expectPath(page, path);
    await screenshot(page, 'phone-invitation');
    await page.getByRole('button', { name: 'Accept and join' }).click();
    await expectPath(page, /^\/orgs\/[\w-]+\/posts$/);
    await page.getByText('Welcome to Harbour Works.').waitFor();
  });

  it('lets a newcomer create the account with the invited address, then join', async () => {
    const email = uniqueEmail('newcomer');
    const path = await invitationPath(email);
    const page = await guestPage();
    await page.goto(path);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expectPath(page, /^\/register\?/);
    expect(await page.getByLabel('Email').inputValue()).toBe(email);
    await page.getByLabel('Name').fill('Nina Newcomer');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectPath(page, path);
    await page.getByRole('button', { name: 'Accept and join' }).click();
    await page.getByText('Welcome to Harbour Works.').waitFor();
  });

  it('tells someone signed in with another account to switch, and switching keeps the invitation', async () => {
    const invited = uniqueEmail('invited');
    await api.register('Ida Invited', invited);
    const other = uniqueEmail('other');
    await api.register('Oscar Other', other);
    const path = await invitationPath(invited);

    const page = await browser.signIn(other);
    await page.goto(path);
    await page.getByText(`You are signed in as ${other}, but this invitation is for ${invited}`).waitFor();
    await screenshot(page, 'invitation-switch-account');
    expect(await page.getByRole('button', { name: 'Accept and join' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Switch account' }).click();
    await page.getByRole('link', { name: 'Sign in to accept' }).click();
    expect(await page.getByLabel('Email').inputValue()).toBe(invited);
    await signInWith(page, invited, PASSWORD);
    await expectPath(page, path);
    await page.getByRole('button', { name: 'Accept and join' }).click();
    await page.getByText('Welcome to Harbour Works.').waitFor();
  });

  it('declines without signing in, and the link is dead afterwards', async () => {
    const email = uniqueEmail('decliner');
    const path = await invitationPath(email);
    const page = await guestPage();
    await page.goto(path);
    await page.getByRole('button', { name: 'Decline' }).click();
    await page.getByText('You declined the invitation to Harbour Works.').waitFor();
    await page.goto(path);
    await page.getByText('This invitation link does not work any more').waitFor();
    await screenshot(page, 'invitation-dead-link');
  });
});

describe('pending invitations on the members page', () => {
  it('resends, copies a fresh link (the old one dies) and withdraws', async () => {
    const ownerEmail = uniqueEmail('inv-owner');
    const boss = await api.user('Paco Pending', ownerEmail);
    const teamId = await api.createOrg(boss.token, 'Pending Partners');
    const guest = uniqueEmail('inv-guest');
    await api.call('POST', `/api/orgs/${teamId}/invitations`, {
      token: boss.token,
      body: { email: guest, role: 'member' },
    });
    const firstLink = await api.nextLink(guest, 'accept-invitation');

    const page = await browser.signIn(ownerEmail, { phone: true });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`/orgs/${teamId}/members`);
    await page.getByRole('button', { name: `Resend the invitation to ${guest}` }).click();
    await page.getByText(`A new invitation was sent to ${guest}.`).waitFor();
    const resentLink = await api.nextLink(guest, 'accept-invitation', firstLink);
    const preview = (link: string) =>
      fetch(`${baseUrl}/api/invitations/preview`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: new URL(link).searchParams.get('token') }),
      });
    expect((await preview(firstLink)).status).toBe(400);
    expect((await preview(resentLink)).status).toBe(200);

    await page.getByRole('button', { name: `Copy link for ${guest}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Make and copy link' }).click();
    const shown = page.getByLabel(`Invitation link for ${guest}`, { exact: true });
    await shown.waitFor();
    const copiedLink = await shown.inputValue();
    expect(copiedLink).toMatch(/\/accept-invitation\?token=/);
    expect((await preview(resentLink)).status).toBe(400);
    expect((await preview(copiedLink)).status).toBe(200);
    await screenshot(page, 'phone-members-invitations');

    await page.getByRole('button', { name: `Withdraw the invitation for ${guest}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Withdraw' }).click();
    await page.getByText(`The invitation for ${guest} was withdrawn.`).waitFor();
    await page.getByText('No pending invitations').waitFor();
    expect((await preview(copiedLink)).status).toBe(400);
  });
});
