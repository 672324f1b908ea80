import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD } from './api-helper.ts';
import { newContext } from './browser.ts';
import { expectPath } from './browser-checks.ts';

/** A browser context (a "device") signed in through the login form, on the dashboard. */
export async function signedInDevice(
  browser: Browser,
  baseUrl: string,
  email: string,
  options: { phone?: boolean; password?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, baseUrl, options.phone ?? false);
  const page = await context.newPage();
  await page.goto('/login');
  await signInWith(page, email, options.password ?? PASSWORD);
  await expectPath(page, '/');
  return { context, page };
}

export async function signInWith(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.url().endsWith('/api/auth/login')),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
  expect(response.status()).toBe(200);
}
