import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiHelper, uniqueEmail } from './api-helper.ts';
import { screenshot } from './browser.ts';
import { expectPath } from './browser-checks.ts';
import { expectAccessible } from './expect-accessible.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const browser = useBrowser(baseUrl);

const ownerEmail = uniqueEmail('owner');
const memberEmail = uniqueEmail('member');
let owner: { id: string; token: string };
let member: { id: string; token: string };
let orgId: string;

beforeAll(async () => {
  // Setting the stage through the API: an org, its owner, a member who joined by invitation.
  owner = await api.user('Olivia Owner', ownerEmail);
  member = await api.user('Max Member', memberEmail);
  orgId = await api.createOrg(owner.token, 'Acme Rockets');
  await api.addMember(owner.token, orgId, memberEmail, member.token, 'member');
  await api.post(owner.token, orgId, 'Launch checklist', 'Fuel, countdown, lift-off.');
  await api.post(member.token, orgId, 'Notes from the hangar', 'The paint is still wet.');
});

const signIn = (email: string, phone = false): Promise<Page> => browser.signIn(email, { phone });

const postItem = (page: Page, title: string) => page.getByTestId('post').filter({ hasText: title });

describe('permissions in the browser', () => {
  let memberPage: Page;

  it('shows a member edit and delete on their own posts only', async () => {
    memberPage = await signIn(memberEmail);
    await memberPage.getByRole('link', { name: /Acme Rockets/ }).click();
    await expectPath(memberPage, `/orgs/${orgId}/posts`);
    await postItem(memberPage, 'Launch checklist').waitFor();

    const theirs = postItem(memberPage, 'Launch checklist');
    const mine = postItem(memberPage, 'Notes from the hangar');
    expect(await theirs.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    expect(await theirs.getByRole('button', { name: /Edit/ }).count()).toBe(0);
    expect(await mine.getByRole('button', { name: /Delete/ }).count()).toBe(1);
    expect(await mine.getByRole('button', { name: /Edit/ }).count()).toBe(1);
    // Navigation offers only what the role allows.
    expect(await memberPage.getByRole('link', { name: 'Audit log' }).isVisible()).toBe(false);
    expect(await memberPage.getByRole('link', { name: 'Members' }).isVisible()).toBe(true);
    await screenshot(memberPage, 'posts-member');
  });

  it('lets the member write a post, with the API’s validation inline', async () => {
    await memberPage.getByRole('button', { name: 'New post' }).click();
    await memberPage.getByLabel('Title').fill('   ');
    await memberPage.getByRole('button', { name: 'Create post' }).click();
    // The form checks with the API's own schema (the post's generated definition).
    await memberPage.getByText('Title is required').waitFor();

    await memberPage.getByLabel('Title').fill('Weather report');
    await memberPage.getByLabel('Body').fill('Clear skies over the pad.');
    await memberPage.getByRole('button', { name: 'Create post' }).click();
    await memberPage.getByText('Post created.').waitFor();

    const post = postItem(memberPage, 'Weather report');
    await post.getByRole('button', { name: 'Edit Weather report' }).click();
    // The item is now a form (its title is an input value, no longer text), the only one open.
    const editor = memberPage.locator('form').filter({ has: memberPage.getByRole('button', { name: 'Save' }) });
    await editor.getByLabel('Title').fill('Weather report, updated');
    await editor.getByRole('button', { name: 'Save' }).click();
    await memberPage.getByText('Post updated.').waitFor();

    const updated = postItem(memberPage, 'Weather report, updated');
    await updated.getByRole('button', { name: 'Delete Weather report, updated' }).click();
    await memberPage.getByRole('dialog').getByRole('button', { name: 'Delete post' }).click();
    await memberPage.getByText('Post deleted.').waitFor();
    await updated.waitFor({ state: 'detached' });
  });

  it('shows the 403 page, at the same address, for a route the role does not allow', async () => {
    await memberPage.goto(`/orgs/${orgId}/audit`);
    await memberPage.getByTestId('forbidden').waitFor();
    expect(new URL(memberPage.url()).pathname).toBe(`/orgs/${orgId}/audit`);
    await memberPage.getByText('You do not have access to this page').waitFor();
    await screenshot(memberPage, 'forbidden');

    await memberPage.goto('/orgs/not-my-org/posts');
    await memberPage.getByTestId('not-found').waitFor();
  });

  it('updates the page as soon as the API reports new permissions, without a reload', async () => {
    await memberPage.goto(`/orgs/${orgId}/posts`);
    await postItem(memberPage, 'Launch checklist').waitFor();
    await api.changeRole(owner.token, orgId, member.id, 'admin');

    // The next answer from the API carries a new X-Permissions-Version; the app reloads /me.
    await memberPage.getByRole('link', { name: 'Members' }).click();
    await memberPage.getByRole('link', { name: 'Audit log' }).waitFor({ state: 'visible' });
    await memberPage.getByRole('link', { name: 'Posts' }).click();
    await postItem(memberPage, 'Launch checklist')
      .getByRole('button', { name: /Delete/ })
      .waitFor();

    await memberPage.getByRole('link', { name: 'Audit log' }).click();
    await expectPath(memberPage, `/orgs/${orgId}/audit`);
    await memberPage.getByTestId('audit-event').first().waitFor();
  });

  it('lets the owner manage members, roles and read the audit log', async () => {
    const page = await signIn(ownerEmail);
    await page.goto(`/orgs/${orgId}/members`);
    const max = page.getByTestId('member').filter({ hasText: 'Max Member' });
    await max.waitFor();
    await max.getByLabel('Role of Max Member').selectOption('viewer');
    await max.getByRole('button', { name: 'Save role' }).click();
    await page.getByText('Max Member is now Viewer.').waitFor();

    const invitee = uniqueEmail('invitee');
    await page.getByLabel('Email').fill(invitee);
    await page.getByLabel('Role', { exact: true }).selectOption('member');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation sent to ${invitee}.`).waitFor();
    await page.getByRole('listitem').filter({ hasText: invitee }).waitFor();
    await screenshot(page, 'members');

    await page.goto(`/orgs/${orgId}/roles`);
    await page.getByRole('button', { name: 'New role' }).click();
    const editor = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create role' }) });
    await editor.getByLabel('Name').fill('owner');
    await editor.locator('fieldset[data-resource="posts"]').getByLabel('Everything on posts').check();
    await editor.locator('fieldset[data-resource="members"]').getByLabel('members.read').check();
    await editor.getByRole('button', { name: 'Create role' }).click();
    // The API refuses a built-in role's name (409); its message lands on the field.
    await editor.getByText('A role with this name, or one that looks like it, exists').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'roles-editor');

    await editor.getByLabel('Name').fill('Editor');
    await editor.getByRole('button', { name: 'Create role' }).click();
    await page.getByText('Role “Editor” created.').waitFor();
    const role = page.getByTestId('role').filter({ hasText: 'Editor' });
    await role.getByText('posts.*').waitFor();
    await role.getByText('members.read').waitFor();
    await screenshot(page, 'roles');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page
      .getByTestId('audit-event')
      .filter({ hasText: 'changed the role of Max Member from Admin to Viewer' })
      .waitFor();
    await screenshot(page, 'audit');

    // A second org from the home page, then back to the first through the switcher.
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByLabel('New organization').fill('Beta Balloons');
    await page.getByRole('button', { name: 'Create' }).click();
    await expectPath(page, /^\/orgs\/[^/]+\/posts$/);
    await page.getByText('No posts yet').waitFor();
    await page.getByLabel('Organization').selectOption({ label: 'Acme Rockets' });
    await expectPath(page, `/orgs/${orgId}/posts`);
    await postItem(page, 'Launch checklist').waitFor();
  });

  it('works on a phone', async () => {
    const page = await signIn(memberEmail, true);
    await screenshot(page, 'phone-dashboard');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Posts' }).click();
    await postItem(page, 'Launch checklist').waitFor();
    await screenshot(page, 'phone-posts');
  });
});
