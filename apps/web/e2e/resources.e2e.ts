import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiHelper, uniqueEmail } from './api-helper.ts';
import { screenshot } from './browser.ts';
import { expectPath } from './browser-checks.ts';
import { useBrowser } from './use-browser.ts';

/**
 * A generated resource in the browser: posts, generated from resources/posts.resource.ts, through
 * the shared list and form components (components/resource/) and the generated route and nav entry.
 */
const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const browser = useBrowser(baseUrl);

const memberEmail = uniqueEmail('gen-member');
const viewerEmail = uniqueEmail('gen-viewer');
const outsiderEmail = uniqueEmail('gen-no-posts');
let orgId: string;

beforeAll(async () => {
  const owner = await api.user('Gina Owner', uniqueEmail('gen-owner'));
  const member = await api.user('Mo Member', memberEmail);
  const viewer = await api.user('Vi Viewer', viewerEmail);
  const noPosts = await api.user('Nora Noposts', outsiderEmail);
  orgId = await api.createOrg(owner.token, 'Generated Goods');
  await api.addMember(owner.token, orgId, memberEmail, member.token, 'member');
  await api.addMember(owner.token, orgId, viewerEmail, viewer.token, 'viewer');
  // A custom role that may see the org and its members, but not posts.
  const { role } = await api.call<{ role: { id: string } }>('POST', `/api/orgs/${orgId}/roles`, {
    token: owner.token,
    body: { name: 'Directory only', permissions: ['org.read', 'members.read'] },
  });
  await api.addMember(owner.token, orgId, outsiderEmail, noPosts.token, role.id);
  await api.post(owner.token, orgId, 'Welcome aboard', 'Read me first.');
});

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const item = (page: Page, title: string) => page.getByTestId('post').filter({ hasText: title });

describe('a generated resource in the browser', () => {
  it('lets a member create, edit and list records, with inline errors and focus kept', async () => {
    const page = await browser.signIn(memberEmail);
    await page.goto(`/orgs/${orgId}/posts`);
    await item(page, 'Welcome aboard').waitFor();

    await page.getByRole('button', { name: 'New post' }).click();
    await page.getByLabel('Title').fill('   ');
    await page.getByRole('button', { name: 'Create post' }).click();
    await page.getByText('Title is required').waitFor();
    // The first field in error gets focus.
    expect(await activeId(page)).toBe('new-title');

    await page.getByLabel('Title').fill('Hangar log');
    await page.getByLabel('Body').fill('Day one: the paint is dry.');
    await page.getByRole('button', { name: 'Create post' }).click();
    await page.getByText('Post created.').waitFor();
    await item(page, 'Hangar log').waitFor();
    // Focus goes back to the button that opened the form.
    await expect.poll(() => activeId(page)).toBe('new-record');

    await item(page, 'Hangar log').getByRole('button', { name: 'Edit Hangar log' }).click();
    const editor = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save' }) });
    await editor.getByLabel('Title').fill('Hangar log, day two');
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Post updated.').waitFor();
    const edited = item(page, 'Hangar log, day two');
    await edited.waitFor();
    await expect.poll(() => activeId(page)).toMatch(/^edit-button-/);
    await screenshot(page, 'generated-posts-member');

    // Listed newest first, and stored: a fresh load shows both.
    await page.reload();
    await edited.waitFor();
    const titles = await page.getByTestId('post').locator('h2').allTextContents();
    expect(titles.indexOf('Hangar log, day two')).toBeLessThan(titles.indexOf('Welcome aboard'));
  });

  it('shows a viewer the records without a create button or edit controls', async () => {
    const page = await browser.signIn(viewerEmail);
    await page.goto(`/orgs/${orgId}/posts`);
    await item(page, 'Welcome aboard').waitFor();
    expect(await page.getByRole('button', { name: 'New post' }).count()).toBe(0);
    expect(await item(page, 'Welcome aboard').getByRole('button').count()).toBe(0);
  });

  it('shows the 403 page, and no nav entry, to a role without the read permission', async () => {
    const page = await browser.signIn(outsiderEmail);
    await page.goto(`/orgs/${orgId}/posts`);
    await page.getByTestId('forbidden').waitFor();
    await expectPath(page, `/orgs/${orgId}/posts`);
    expect(await page.getByRole('button', { name: 'New post' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Posts' }).isVisible()).toBe(false);
    await page.getByRole('link', { name: 'Members' }).waitFor();
  });
});
