import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Axe from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

// axe-core's own build, read once and injected as a script: nothing is downloaded at run time.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

declare global {
  interface Window {
    /** axe-core's global, typed by its own declarations; defined once its script is injected. */
    axe?: typeof Axe;
  }
}

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation, naming
 * the rule and the elements. Minor and moderate findings are not failures (the bar).
 */
export async function expectAccessible(page: Page, label = new URL(page.url()).pathname): Promise<void> {
  // Evaluated through the DevTools protocol, which the app's CSP (script-src 'self') does not
  // govern, where a <script> tag would be refused: the page under test keeps its real policy.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const { axe } = window;
    if (!axe) throw new Error('axe-core was not injected');
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  const blocking = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 5)
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`,
    );
  expect(blocking.join('\n'), `accessibility of ${label}`).toBe('');
}
