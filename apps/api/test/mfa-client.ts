import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import { authClient, type Device, json, laptop, PASSWORD, uniqueEmail } from './auth-client.ts';
import type { testApp } from './test-app.ts';

type Request = ReturnType<typeof testApp>['request'];

export const STEP_MS = 30_000;

/** The code an authenticator app shows for `secret` at `at` (ms), computed with otpauth as apps do. */
export function totpCode(secret: string, at: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at });
}

/** A code that is not the current one (nor one step either side): a wrong answer. */
export function wrongCode(secret: string, now: number): string {
  const near = [-1, 0, 1].map((steps) => totpCode(secret, now + steps * STEP_MS));
  for (let n = 0; ; n += 1) {
    const code = String(n).padStart(6, '0');
    if (!near.includes(code)) return code;
  }
}

/** A problem's `code` after checking the status. */
export async function problemCode(response: Response, status: number): Promise<string> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (JSON.parse(text) as { code: string }).code;
}

export interface Enrolled {
  email: string;
  userId: string;
  accessToken: string;
  secret: string;
  recoveryCodes: string[];
}

/** What a client does with second factors, over HTTP only; `now` is the app's clock. */
export function mfaClient(request: Request, now: () => number) {
  const auth = authClient(request);
  const bearer = (accessToken: string) => ({ Authorization: `Bearer ${accessToken}` });

  function post(path: string, body: unknown, accessToken?: string, headers: Record<string, string> = {}) {
    return request(path, json(body, { ...(accessToken ? bearer(accessToken) : {}), ...headers }));
  }

  /** Sets up and confirms TOTP for a signed-in user. The confirming code's step is spent. */
  async function enrolTotp(accessToken: string): Promise<{ secret: string; recoveryCodes: string[] }> {
    const setup = await post('/api/auth/mfa/totp/setup', {}, accessToken);
    expect(setup.status).toBe(200);
    const { secret } = (await setup.json()) as { secret: string };
    const confirm = await post('/api/auth/mfa/totp/confirm', { code: totpCode(secret, now()) }, accessToken);
    expect(confirm.status).toBe(200);
    const { recoveryCodes } = (await confirm.json()) as { recoveryCodes: string[] };
    return { secret, recoveryCodes };
  }

  /** A new account with TOTP on, signed in on `device`. */
  async function enrolledUser(label = 'mfa', device: Device = laptop): Promise<Enrolled> {
    const { email } = await auth.register(uniqueEmail(label));
    const session = await auth.login(email, device);
    const enrolled = await enrolTotp(session.accessToken);
    return { email, userId: session.userId, accessToken: session.accessToken, ...enrolled };
  }

  /** The password step of a user with MFA: the login ticket. */
  async function ticket(email: string, device: Device = laptop): Promise<string> {
    const response = await post(
      '/api/auth/login',
      { email, password: PASSWORD },
      undefined,
      auth.deviceHeaders(device),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { mfaRequired?: boolean; mfaToken?: string };
    expect(body.mfaRequired).toBe(true);
    return body.mfaToken ?? '';
  }

  function verify(mfaToken: string, method: string, code: string, device: Device = laptop) {
    return post('/api/auth/mfa/verify', { mfaToken, method, code }, undefined, auth.deviceHeaders(device));
  }

  function status(accessToken: string) {
    return request('/api/auth/mfa', { headers: bearer(accessToken) });
  }

  return { ...auth, post, bearer, enrolTotp, enrolledUser, ticket, verify, status };
}
