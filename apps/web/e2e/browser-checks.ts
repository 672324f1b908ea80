import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Waits until `page` is at `path` (pathname + search), or fails after `timeoutMs`. */
export async function expectPath(page: Page, path: string | RegExp, timeoutMs = 15_000): Promise<void> {
  await page.waitForURL(
    (url) =>
      typeof path === 'string' ? `${url.pathname}${url.search}` === path : path.test(`${url.pathname}${url.search}`),
    { timeout: timeoutMs },
  );
}

/** Everything a script on the page (or an extension) could read without the network. */
export async function readableStorage(page: Page): Promise<string> {
  return page.evaluate(() =>
    JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }),
  );
}

/** The access token must live only in the tab's memory; the refresh cookie must be HttpOnly. */
export async function expectTokenNowhereReadable(page: Page, context: BrowserContext, token: string): Promise<void> {
  expect(token.length).toBeGreaterThan(20);
  expect(await readableStorage(page)).not.toContain(token);
  for (const cookie of await context.cookies()) {
    expect(cookie.value).not.toContain(token);
    if (cookie.name.includes('refresh')) expect(cookie.httpOnly).toBe(true);
  }
}
