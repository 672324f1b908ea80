import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiHelper, PASSWORD, uniqueEmail } from './api-helper.ts';
import { expectPath } from './browser-checks.ts';
import { focusedName, tabTo } from './keyboard.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const browser = useBrowser(baseUrl);

const ownerEmail = uniqueEmail('keys-owner');
let orgId: string;

beforeAll(async () => {
  const owner = await api.user('Kit Keys', ownerEmail);
  orgId = await api.createOrg(owner.token, 'Keyboard Club');
  const memberEmail = uniqueEmail('keys-joiner');
  const joiner = await api.user('Jo Joiner', memberEmail);
  await api.addMember(owner.token, orgId, memberEmail, joiner.token, 'member');
});

describe('keyboard only', () => {
  it('signs in, and the page it lands on has focus without a frame around it', async () => {
    const { page } = await browser.device();
    await page.goto('/login');
    // A keyboard user starts once the form is there: the SPA renders it after its session check,
    // which can take seconds on a loaded machine (Tab only cycled the header in CI).
    await page.getByLabel('Email').waitFor();
    await tabTo(page, 'Email');
    await page.keyboard.type(ownerEmail);
    await tabTo(page, 'Password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await expectPath(page, '/');
    await page.getByRole('heading', { name: 'Welcome, Kit' }).waitFor();

    // Moving between pages moves focus to the content, which gets no visible ring: it is not a
    // control (the ring stays for everything Tab reaches).
    await tabTo(page, 'Manage devices');
    await page.keyboard.press('Enter');
    await expectPath(page, '/devices');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    const ring = await page.evaluate(() => {
      const main = document.getElementById('main') as HTMLElement;
      const style = getComputedStyle(main);
      return { shadow: style.boxShadow, outline: style.outlineStyle };
    });
    expect(ring).toEqual({ shadow: 'none', outline: 'none' });
    // The next Tab lands on the page's first control, which does show the ring.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
    const buttonRing = await page.evaluate(() => getComputedStyle(document.activeElement as Element).boxShadow);
    expect(buttonRing).not.toBe('none');
  });

  it('changes a member’s role and opens and cancels a removal on the members page', async () => {
    const page = await browser.signIn(ownerEmail);
    await page.goto(`/orgs/${orgId}/members`);
    await page.getByTestId('member').filter({ hasText: 'Jo Joiner' }).waitFor();
    await tabTo(page, 'Role of Jo Joiner');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'Save role', { max: 2 });
    await page.keyboard.press('Enter');
    await page.getByText(/Jo Joiner is now/).waitFor();
    expect(await focusedName(page)).toMatch(/^Role of Jo Joiner/);

    await tabTo(page, 'Remove Jo Joiner');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await focusedName(page)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe('Remove Jo Joiner');
  });

  it('creates a custom role on the roles page', async () => {
    const page = await browser.signIn(ownerEmail);
    await page.goto(`/orgs/${orgId}/roles`);
    await page.getByRole('button', { name: 'New role' }).waitFor();
    await tabTo(page, 'New role');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Name');
    await page.keyboard.type('Night editor');
    await tabTo(page, /^posts\.read/);
    await page.keyboard.press('Space');
    await tabTo(page, 'Create role');
    await page.keyboard.press('Enter');
    await page.getByText('Role “Night editor” created.').waitFor();
    await page.getByTestId('role').filter({ hasText: 'Night editor' }).waitFor();
  });
});
