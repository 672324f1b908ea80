/**
 * Passkey sign-ins for the bench, made the way a browser makes them: the API's options, answered by
 * the tests' software authenticator (apps/api/test/soft-authenticator.ts: P-256 keys, CBOR, real
 * signatures). A challenge answers once, so a load run needs one signed answer per request,
 * prepared before the run (`bodies` of the load spec).
 */
import {
  b64url,
  type CreationOptions,
  type RequestOptions,
  SoftAuthenticator,
} from '../../apps/api/test/soft-authenticator.ts';

/** The origin the bench's API servers are told is theirs (APP_URL): the relying party's. */
export const BENCH_APP_URL = 'http://localhost:8787';

export interface BenchPasskey {
  device: SoftAuthenticator;
  /** The credential id (base64url), for cleaning its index key up. */
  credentialId: string;
}

async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  return response;
}

/** Registers a passkey for a signed-in user through the API. */
export async function registerBenchPasskey(baseUrl: string, accessToken: string): Promise<BenchPasskey> {
  const device = new SoftAuthenticator(BENCH_APP_URL);
  const bearer = { Authorization: `Bearer ${accessToken}` };
  const options = (await (
    await post(baseUrl, '/api/auth/passkeys/register/options', {}, bearer)
  ).json()) as CreationOptions;
  await post(baseUrl, '/api/auth/passkeys/register', { response: await device.register(options) }, bearer);
  const credential = device.credentials[0];
  if (!credential) throw new Error('the soft authenticator kept no credential');
  return { device, credentialId: b64url(credential.id) };
}

/**
 * `count` bodies of `POST /api/auth/passkeys/login`, each answering its own fresh challenge. The
 * counter stays 0, as synced passkeys report it: answers signed in one order may arrive in another.
 */
export async function passkeyLoginBodies(
  baseUrl: string,
  passkey: BenchPasskey,
  count: number,
  headers: Record<string, string>,
): Promise<string[]> {
  const bodies: string[] = [];
  const parallel = 8;
  for (let start = 0; start < count; start += parallel) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(parallel, count - start) }, async () => {
        const options = (await (
          await post(baseUrl, '/api/auth/passkeys/login/options', {}, headers)
        ).json()) as RequestOptions;
        return JSON.stringify({ response: await passkey.device.authenticate(options, { counter: 0 }) });
      }),
    );
    bodies.push(...batch);
  }
  return bodies;
}
