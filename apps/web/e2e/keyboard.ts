import type { Page } from 'playwright-core';

/** What a screen reader would call the focused element: its label, aria-label or text. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return '';
    const labelled = (element as HTMLInputElement).labels?.[0]?.textContent;
    return (element.getAttribute('aria-label') ?? labelled ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element's name matches, as a keyboard user would;
 * fails after `max` presses, naming what focus passed through.
 */
export async function tabTo(page: Page, name: string | RegExp, { max = 40, back = false } = {}): Promise<void> {
  const seen: string[] = [];
  for (let presses = 0; presses < max; presses += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const current = await focusedName(page);
    seen.push(current);
    if (typeof name === 'string' ? current.startsWith(name) : name.test(current)) return;
  }
  throw new Error(`Tab never reached ${String(name)}; focus went through: ${seen.join(' → ')}`);
}
