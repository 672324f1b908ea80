import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiHelper, uniqueEmail } from './api-helper.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const browser = useBrowser(baseUrl);

const ownerEmail = uniqueEmail('names-owner');
const writerEmail = uniqueEmail('names-writer');
let orgId: string;
let roleId: string;

beforeAll(async () => {
  const owner = await api.user('Nora Names', ownerEmail);
  const writer = await api.user('Wes Writer', writerEmail);
  orgId = await api.createOrg(owner.token, 'Naming Things Ltd');
  roleId = await api.createRole(owner.token, orgId, 'Ghost writer', ['org.read', 'posts.read', 'posts.create']);
  await api.addMember(owner.token, orgId, writerEmail, writer.token, roleId);
  await api.changeRole(owner.token, orgId, writer.id, 'viewer');
  await api.changeRole(owner.token, orgId, writer.id, roleId);
});

describe('role names, never ids', () => {
  it('names a custom role on Home and on the 403 page, and built-in roles by their names', async () => {
    const page = await browser.signIn(writerEmail);
    const card = page.getByRole('link', { name: /Naming Things Ltd/ });
    await card.getByText('Your role: Ghost writer').waitFor();
    expect(await page.locator('main').textContent()).not.toContain(roleId);

    await page.goto(`/orgs/${orgId}/audit`);
    await page.getByTestId('forbidden').getByText('(Ghost writer)').waitFor();
    expect(await page.locator('main').textContent()).not.toContain(roleId);

    const owner = await browser.signIn(ownerEmail);
    await owner
      .getByRole('link', { name: /Naming Things Ltd/ })
      .getByText('Your role: Owner')
      .waitFor();
  });

  it('names roles in the audit log', async () => {
    const page = await browser.signIn(ownerEmail);
    await page.goto(`/orgs/${orgId}/audit`);
    await page.getByTestId('audit-event').filter({ hasText: 'joined as Ghost writer' }).waitFor();
    await page.getByTestId('audit-event').filter({ hasText: 'from Ghost writer to Viewer' }).waitFor();
    await page.getByTestId('audit-event').filter({ hasText: 'from Viewer to Ghost writer' }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain(roleId);
  });
});
