import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiHelper, uniqueEmail } from './api-helper.ts';
import { useBrowser } from './use-browser.ts';

const baseUrl = inject('baseUrl');
const api = new ApiHelper(baseUrl);
const browser = useBrowser(baseUrl);

const ownerEmail = uniqueEmail('select-owner');
const adminEmail = uniqueEmail('select-admin');
const memberEmail = uniqueEmail('select-member');
let orgId: string;
let owner: { id: string; token: string };
let member: { id: string; token: string };

beforeAll(async () => {
  owner = await api.user('Oona Owner', ownerEmail);
  const admin = await api.user('Adam Admin', adminEmail);
  member = await api.user('Mia Member', memberEmail);
  orgId = await api.createOrg(owner.token, 'Select Co');
  await api.addMember(owner.token, orgId, adminEmail, admin.token, 'admin');
  await api.addMember(owner.token, orgId, memberEmail, member.token, 'member');
});

/** PATCHes of a member's role that the page sends, counted as they leave. */
function countRoleChanges(page: Page): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (request.method() === 'PATCH' && request.url().includes(`/api/orgs/${orgId}/members/`)) count += 1;
  });
  return () => count;
}

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);

describe('changing a member’s role', () => {
  it('proposes on a keystroke, saves only on "Save role", and keeps focus on the select', async () => {
    const page = await browser.signIn(ownerEmail);
    const changes = countRoleChanges(page);
    await page.goto(`/orgs/${orgId}/members`);
    const select = page.getByLabel('Role of Mia Member');
    await select.focus();
    await page.keyboard.press('ArrowDown');
    // The value moved, nothing was sent, and focus is where it was.
    expect(await select.inputValue()).not.toBe('member');
    await page.getByRole('button', { name: 'Save role' }).waitFor();
    expect(changes()).toBe(0);
    expect(await activeId(page)).toBe(`role-${member.id}`);

    // Escape takes the proposal back.
    await page.keyboard.press('Escape');
    expect(await select.inputValue()).toBe('member');
    await page.getByRole('button', { name: 'Save role' }).waitFor({ state: 'detached' });

    await select.selectOption('viewer');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Save role');
    await page.keyboard.press('Enter');
    await page.getByText('Mia Member is now Viewer.').waitFor();
    expect(changes()).toBe(1);
    await page.getByRole('button', { name: 'Save role' }).waitFor({ state: 'detached' });
    expect(await activeId(page)).toBe(`role-${member.id}`);
  });

  it('disables the sole owner’s own select, saying why', async () => {
    const page = await browser.signIn(ownerEmail);
    await page.goto(`/orgs/${orgId}/members`);
    const own = page.getByLabel('Role of Oona Owner');
    await own.waitFor();
    expect(await own.isDisabled()).toBe(true);
    await page.getByText('You are the only owner.').waitFor();
  });

  it('disables the roles an admin may not hand out', async () => {
    const page = await browser.signIn(adminEmail);
    await page.goto(`/orgs/${orgId}/members`);
    const select = page.getByLabel('Role of Mia Member');
    await select.waitFor();
    expect(await select.locator('option[value="owner"]').isDisabled()).toBe(true);
    expect(await select.locator('option[value="viewer"]').isDisabled()).toBe(false);
    // The owner's role is theirs to manage only: no select at all.
    expect(await page.getByLabel('Role of Oona Owner').count()).toBe(0);
  });
});
