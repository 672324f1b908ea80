import { describe, expect, inject, it } from 'vitest';
import { ApiHelper, uniqueEmail } from './api-helper.ts';
import { screenshot } from './browser.ts';
import { expectPath } from './browser-checks.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const { signIn } = useBrowser(baseUrl);

describe('organization settings', () => {
  it('creates an organization from the switcher, renames it, and deletes it after typing its name', async () => {
    const email = uniqueEmail('org-owner');
    const { token } = await api.user('Sam Settings', email);
    await api.createOrg(token, 'First Light');
    const page = await signIn(email, { phone: true });
    await page.getByRole('link', { name: 'First Light' }).click();

    await page.getByRole('link', { name: 'Create organization' }).click();
    await expectPath(page, '/new-organization');
    await screenshot(page, 'phone-new-organization');
    await page.getByLabel('New organization').fill('Second Wind');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Second Wind is ready.').waitFor();
    const orgId = /\/orgs\/([\w-]+)\/posts/.exec(page.url())?.[1] ?? '';
    expect(orgId).not.toBe('');

    await page.goto(`/orgs/${orgId}/settings`);
    await page.getByLabel('Organization name').fill('Second Wind Ltd');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByText('Organization renamed.').waitFor();
    expect(await page.locator('#org-switcher option:checked').textContent()).toBe('Second Wind Ltd');
    await screenshot(page, 'phone-org-settings');

    const remove = page.getByRole('button', { name: 'Delete organization' });
    await page.getByLabel('Type Second Wind Ltd to confirm').fill('Second Wind');
    expect(await remove.isDisabled()).toBe(true);
    await page.getByLabel('Type Second Wind Ltd to confirm').fill('Second Wind Ltd');
    await remove.click();
    await page.getByText('Second Wind Ltd was deleted.').waitFor();
    await expectPath(page, '/');
    expect(await page.locator('#org-switcher option').allTextContents()).toEqual(['First Light']);
  });

  it('lets a member leave; the last owner hears why not', async () => {
    const ownerEmail = uniqueEmail('org-sole');
    const owner = await api.user('Olga Sole', ownerEmail);
    const orgId = await api.createOrg(owner.token, 'Lonely Lighthouse');
    const memberEmail = uniqueEmail('org-leaver');
    const member = await api.user('Leo Leaver', memberEmail);
    await api.addMember(owner.token, orgId, memberEmail, member.token, 'viewer');

    const memberPage = await signIn(memberEmail);
    await memberPage.goto(`/orgs/${orgId}/settings`);
    // A viewer sees only what they may do here: leave.
    await memberPage.getByRole('heading', { name: 'Leave' }).waitFor();
    expect(await memberPage.getByRole('heading', { name: 'Delete organization' }).count()).toBe(0);
    expect(await memberPage.getByLabel('Organization name').count()).toBe(0);
    await memberPage.getByRole('button', { name: 'Leave organization' }).click();
    await memberPage.getByRole('dialog').getByRole('button', { name: 'Leave' }).click();
    await memberPage.getByText('You left Lonely Lighthouse.').waitFor();
    await expectPath(memberPage, '/');

    const ownerPage = await signIn(ownerEmail);
    await ownerPage.goto(`/orgs/${orgId}/settings`);
    await ownerPage.getByRole('button', { name: 'Leave organization' }).click();
    await ownerPage.getByRole('dialog').getByRole('button', { name: 'Leave' }).click();
    await ownerPage.getByText('An organization needs at least one owner').waitFor();
    await expectPath(ownerPage, `/orgs/${orgId}/settings`);
  });
});
