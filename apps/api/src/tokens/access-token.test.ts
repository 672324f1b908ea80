import { env } from 'cloudflare:workers';
import { createLocalJWKSet, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { authClient, type LoggedIn } from '../../test/auth-client.ts';
import { manualClock, testApp } from '../../test/test-app.ts';

const clock = manualClock();
const { request } = testApp({ now: clock.now });
const client = authClient(request);

const b64url = (text: string) => btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const claimsOf = (token: string) =>
  JSON.parse(atob((token.split('.')[1] ?? '').replaceAll('-', '+').replaceAll('_', '/'))) as Record<string, unknown>;

let session: LoggedIn;
let currentJwk: JWK & { kid: string };
beforeAll(async () => {
  session = await client.login((await client.register()).email);
  currentJwk = (JSON.parse(env.JWT_PRIVATE_KEYS) as (JWK & { kid: string })[])[0] as JWK & { kid: string };
});

/** Signs claims for the live session with any key, as an attacker (or a rotated-out key) would. */
async function signWith(
  key: Parameters<SignJWT['sign']>[0],
  header: { alg: string; kid?: string },
  overrides: Record<string, unknown> = {},
) {
  const claims = claimsOf(session.accessToken);
  return new SignJWT({ ...claims, ...overrides }).setProtectedHeader(header).sign(key);
}

async function meStatus(token: string): Promise<[number, string]> {
  const response = await client.me(token);
  return [response.status, ((await response.json()) as { code?: string }).code ?? 'OK'];
}

describe('access tokens', () => {
  it('carry iss, aud, sub, sid, iat, exp and a kid, and verify with an independent verifier built from the JWKS', async () => {
    const response = await request('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: JWK[] };
    // Never a private part in the published set.
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
    expect(jwks.keys.map((key) => key.kid).sort()).toEqual(['test-current', 'test-retired']);

    const { payload, protectedHeader } = await jwtVerify(session.accessToken, createLocalJWKSet(jwks), {
      issuer: 'portcullis',
      audience: 'portcullis',
      currentDate: new Date(clock.now()),
    });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: 'test-current' });
    expect(payload).toEqual({
      iss: 'portcullis',
      aud: 'portcullis',
      sub: session.userId,
      sid: expect.any(String),
      iat: expect.any(Number),
      exp: (payload.iat ?? 0) + 600,
    });
  });

  it('rejects alg "none"', async () => {
    const claims = claimsOf(session.accessToken);
    const token = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid: currentJwk.kid }))}.${b64url(JSON.stringify(claims))}.`;
    expect(await meStatus(token)).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('rejects HS256 signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    const { d: _private, ...publicJwk } = currentJwk;
    for (const secret of [
      new TextEncoder().encode(JSON.stringify(publicJwk)),
      new TextEncoder().encode(String(publicJwk.x)),
    ]) {
      const token = await signWith(secret, { alg: 'HS256', kid: currentJwk.kid });
      expect(await meStatus(token)).toEqual([401, 'UNAUTHENTICATED']);
    }
  });

  it('rejects a token signed by a key we do not know, whatever kid it claims', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    expect(await meStatus(await signWith(privateKey, { alg: 'EdDSA', kid: 'unknown-kid' }))).toEqual([
      401,
      'UNAUTHENTICATED',
    ]);
    expect(await meStatus(await signWith(privateKey, { alg: 'EdDSA', kid: currentJwk.kid }))).toEqual([
      401,
      'UNAUTHENTICATED',
    ]);
    expect(await meStatus(await signWith(privateKey, { alg: 'EdDSA' }))).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('rejects an expired token', async () => {
    const token = session.accessToken;
    clock.advance(601_000);
    try {
      expect(await meStatus(token)).toEqual([401, 'UNAUTHENTICATED']);
    } finally {
      clock.advance(-601_000);
    }
  });

  it('rejects a wrong audience or issuer even when signed with our key', async () => {
    const key = await importJWK(currentJwk, 'EdDSA');
    expect(await meStatus(await signWith(key, { alg: 'EdDSA', kid: currentJwk.kid }, { aud: 'another-api' }))).toEqual([
      401,
      'UNAUTHENTICATED',
    ]);
    expect(await meStatus(await signWith(key, { alg: 'EdDSA', kid: currentJwk.kid }, { iss: 'someone-else' }))).toEqual(
      [401, 'UNAUTHENTICATED'],
    );
    // The control: the same forging path with the right claims is accepted, so the checks above are meaningful.
    expect(await meStatus(await signWith(key, { alg: 'EdDSA', kid: currentJwk.kid }))).toEqual([200, 'OK']);
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = session.accessToken.split('.');
    const claims = { ...claimsOf(session.accessToken), sub: 'someone-else-entirely' };
    expect(await meStatus(`${header}.${b64url(JSON.stringify(claims))}.${signature}`)).toEqual([
      401,
      'UNAUTHENTICATED',
    ]);
  });

  it('keeps verifying tokens of a retired key listed in JWT_PUBLIC_KEYS', async () => {
    const retired = JSON.parse(env.TEST_RETIRED_JWK) as JWK & { kid: string };
    const token = await signWith(await importJWK(retired, 'EdDSA'), { alg: 'EdDSA', kid: retired.kid });
    expect(await meStatus(token)).toEqual([200, 'OK']);
  });
});
