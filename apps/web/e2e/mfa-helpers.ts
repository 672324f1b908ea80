import * as OTPAuth from 'otpauth';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { createClient } from 'redis';
import { expect } from 'vitest';
import { keys } from '../../api/src/keys/keys.ts';
import type { ApiHelper } from './api-helper.ts';
import { expectPath } from './browser-checks.ts';

const STEP_MS = 30_000;

/**
 * An authenticator app in the test: RFC 6238 codes (SHA-1, 6 digits, 30 s) from the secret the
 * API handed out. The API accepts each time step once per user, so every code is for a step after
 * the last one used — the current step, or the next one, which the API's ±1 window still takes.
 */
export class TotpApp {
  private readonly totp: OTPAuth.TOTP;
  private lastStep = -1;

  constructor(secret: string) {
    this.totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret.replace(/\s+/g, '')) });
  }

  code(): string {
    const current = Math.floor(Date.now() / STEP_MS);
    const step = Math.max(current, this.lastStep + 1);
    // A third code inside one 30-second step would need a step beyond the API's window.
    expect(step, 'more TOTP codes than the ±1 window allows right now').toBeLessThanOrEqual(current + 1);
    this.lastStep = step;
    return this.totp.generate({ timestamp: step * STEP_MS });
  }

  /** A code the API refuses: the right digits for a step far outside the window. */
  wrongCode(): string {
    return this.totp.generate({ timestamp: Date.now() - 10 * 60_000 });
  }
}

/**
 * A platform authenticator with user verification, through the Chrome DevTools Protocol, for this
 * page (it lives as long as the page): what Touch ID or Windows Hello would be, answering every
 * prompt at once.
 */
export async function addVirtualAuthenticator(page: Page): Promise<{ passkeys(): Promise<number> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    passkeys: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length,
  };
}

/**
 * Makes the pages of `context` report no conditional mediation (passkey autofill), as browsers
 * without it do. The virtual authenticator answers an autofill request at once, with no one
 * picking a passkey, so a page that should wait for its button needs this.
 */
export async function withoutPasskeyAutofill(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    if (window.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
  });
}

/** `count` wrong passwords for `email` from outside the browser (another device, an attacker). */
export async function wrongPasswords(baseUrl: string, email: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'not the password' }),
    });
    await response.body?.cancel();
    expect([401, 429]).toContain(response.status);
  }
}

/** Turns TOTP on for a user straight through the API (set-up, then confirm with a code). */
export async function enableTotpByApi(
  api: ApiHelper,
  token: string,
): Promise<{ app: TotpApp; recoveryCodes: string[] }> {
  const { secret } = await api.call<{ secret: string }>('POST', '/api/auth/mfa/totp/setup', { token, body: {} });
  const app = new TotpApp(secret);
  const { recoveryCodes } = await api.call<{ recoveryCodes: string[] }>('POST', '/api/auth/mfa/totp/confirm', {
    token,
    body: { code: app.code() },
  });
  return { app, recoveryCodes };
}

/**
 * Makes every session of a user look as if its last sign-in was 11 minutes ago (past the default
 * REAUTH_WINDOW_SECONDS), as a clock would: each session hash's proof time (`pr`, see
 * apps/api/src/sessions/step-up.ts) is set back in Redis, the sessions found through the user's
 * session index.
 */
export async function ageLastProof(userId: string): Promise<void> {
  const redis = createClient({ url: process.env.REDIS_URL });
  await redis.connect();
  try {
    const ids = await redis.zRange(keys.userSessions(userId), 0, -1);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) await redis.hSet(keys.session(userId, id), 'pr', String(Date.now() - 11 * 60_000));
  } finally {
    await redis.quit();
  }
}

export async function signOut(page: Page): Promise<void> {
  await page.getByLabel('Account menu').click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expectPath(page, '/login');
}

/** The password step for a user with a second factor: no session yet, the second-step page. */
export async function passwordStep(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.url().endsWith('/api/auth/login')),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ mfaRequired: true });
  expect(response.headers()['set-cookie'] ?? '').not.toContain('refresh');
  await expectPath(page, /^\/login\/verify/);
}
