import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { PASSWORD } from './api-helper.ts';
import { launchBrowser, newContext } from './browser.ts';
import { signedInDevice } from './session-helpers.ts';

export interface BrowserFixture {
  /** The file's one browser (launched before its first test). */
  browser(): Browser;
  /** A new context (a "device"), closed with the browser. */
  device(phone?: boolean): Promise<{ context: BrowserContext; page: Page }>;
  /** A device signed in through the login form, on the home page. */
  signIn(email: string, options?: { phone?: boolean; password?: string }): Promise<Page>;
  /** A device on the login page, signed out. */
  guestPage(phone?: boolean): Promise<Page>;
}

/**
 * The browser set-up every e2e file shares: one Chromium per file, contexts opened through it
 * and all closed afterwards. Call at the top of a file.
 */
export function useBrowser(baseUrl: string): BrowserFixture {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
  });

  const current = (): Browser => {
    if (!browser) throw new Error('useBrowser: the browser starts in beforeAll');
    return browser;
  };

  return {
    browser: current,
    async device(phone = false) {
      const context = await newContext(current(), baseUrl, phone);
      contexts.push(context);
      return { context, page: await context.newPage() };
    },
    async signIn(email, options = {}) {
      const device = await signedInDevice(current(), baseUrl, email, {
        phone: options.phone ?? false,
        password: options.password ?? PASSWORD,
      });
      contexts.push(device.context);
      return device.page;
    },
    async guestPage(phone = false) {
      const context = await newContext(current(), baseUrl, phone);
      contexts.push(context);
      const page = await context.newPage();
      await page.goto('/login');
      return page;
    },
  };
}
