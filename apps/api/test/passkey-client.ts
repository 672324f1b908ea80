import { expect } from 'vitest';
import { json, ORIGIN } from './auth-client.ts';
import { SoftAuthenticator, type SoftCredential, type Tamper } from './soft-authenticator.ts';
import type { testApp } from './test-app.ts';

type Request = ReturnType<typeof testApp>['request'];

export interface PublicPasskey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export const bearer = (accessToken: string) => ({ Authorization: `Bearer ${accessToken}` });

/** What the SPA does with @simplewebauthn/browser, with a software authenticator in the browser's place. */
export function passkeyClient(request: Request) {
  /** A new authenticator on the app's own origin (or another, to play a phishing site). */
  const authenticator = (origin = ORIGIN) => new SoftAuthenticator(origin);

  async function registrationOptions(accessToken: string) {
    const response = await request('/api/auth/passkeys/register/options', json({}, bearer(accessToken)));
    expect(response.status).toBe(200);
    return (await response.json()) as Parameters<SoftAuthenticator['register']>[0] & {
      excludeCredentials?: { id: string }[];
    };
  }

  /** Options, then the authenticator's answer: the raw response of `POST /passkeys/register`. */
  async function tryRegister(
    accessToken: string,
    device: SoftAuthenticator,
    input: { tamper?: Tamper; name?: string } = {},
  ): Promise<Response> {
    const options = await registrationOptions(accessToken);
    const response = await device.register(options, input.tamper);
    return request(
      '/api/auth/passkeys/register',
      json({ response, ...(input.name === undefined ? {} : { name: input.name }) }, bearer(accessToken)),
    );
  }

  async function register(accessToken: string, device: SoftAuthenticator, name?: string): Promise<PublicPasskey> {
    const response = await tryRegister(accessToken, device, name === undefined ? {} : { name });
    expect(response.status).toBe(201);
    return ((await response.json()) as { passkey: PublicPasskey }).passkey;
  }

  async function loginOptions() {
    const response = await request('/api/auth/passkeys/login/options', json({}));
    expect(response.status).toBe(200);
    return (await response.json()) as { challenge: string; rpId?: string; allowCredentials?: { id: string }[] };
  }

  /** Passwordless sign-in: options, the authenticator's assertion, the raw login response. */
  async function login(device: SoftAuthenticator, tamper: Tamper = {}, credential?: SoftCredential) {
    const assertion = await device.authenticate(await loginOptions(), tamper, credential);
    return request('/api/auth/passkeys/login', json({ response: assertion }));
  }

  async function list(accessToken: string): Promise<PublicPasskey[]> {
    const response = await request('/api/auth/passkeys', { headers: bearer(accessToken) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { passkeys: PublicPasskey[] }).passkeys;
  }

  return { authenticator, registrationOptions, tryRegister, register, loginOptions, login, list };
}
