import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/*
 * A real OpenID Provider (`oidc-provider`, OpenID-certified) for the tests, in this Node process:
 * discovery, JWKS, its development login and consent pages, the token endpoint. Nothing of the
 * protocol is mocked. Accounts need no registration: the dev login page takes any login name,
 * which becomes the user's `sub`, and the name decides the rest of the story:
 *
 * - the email is `<login>@corp.test`, verified — `unverified-…` makes it unverified, `noemail-…` omits it;
 * - `tamper-aud-…`, `tamper-iss-…`, `tamper-nonce-…`, `tamper-exp-…`: the token endpoint's ID token
 *   comes back with that claim wrong (another client, another issuer, another nonce, expired),
 *   re-signed with the provider's own key, so only the claim is wrong;
 * - `token-503-…`: the token endpoint answers 503 (an outage after the user signed in);
 * - `userinfo-sub-…`: UserInfo answers with another user's `sub`; `userinfo-401-…`: it refuses the
 *   access token (a WWW-Authenticate challenge); `userinfo-503-…`: it is down; `userinfo-reset-…`:
 *   the connection drops (unreachable).
 *
 * `claimsOnlyInUserInfo` makes a provider like Okta's: for the code flow, the ID token carries only
 * `sub` (oidc-provider's `conformIdTokenClaims`), and the email and name come from UserInfo alone.
 *
 * `jwksFrom` makes an impostor: a provider that signs with its own keys but advertises another
 * provider's JWKS in its discovery document, so its ID tokens carry a signature that does not match.
 */

export const TEST_CLIENT = { clientId: 'portcullis-test', clientSecret: 'portcullis-test-secret' } as const;

export interface TestOidcProvider {
  issuer: string;
  jwksUri: string;
  close(): Promise<void>;
}

const TAMPER: Record<string, (claims: Record<string, unknown>, issuer: string) => void> = {
  'tamper-aud-': (claims) => {
    claims.aud = 'another-client';
    claims.azp = undefined;
  },
  'tamper-iss-': (claims) => {
    claims.iss = 'https://elsewhere.example';
  },
  'tamper-nonce-': (claims) => {
    claims.nonce = 'not-the-nonce-we-sent';
  },
  'tamper-exp-': (claims) => {
    const now = Math.floor(Date.now() / 1000);
    claims.iat = now - 7200;
    claims.exp = now - 3600;
  },
};

/** The UserInfo stories: `ctx.body` is the claims oidc-provider is about to send. */
function spoilUserInfo(ctx: Parameters<Parameters<Provider['use']>[0]>[0]): void {
  const body = ctx.body as { sub?: string };
  const sub = String(body.sub);
  if (sub.startsWith('userinfo-sub-')) body.sub = `someone-else-${sub}`;
  if (sub.startsWith('userinfo-401-')) {
    ctx.status = 401;
    ctx.set('WWW-Authenticate', 'Bearer error="invalid_token", error_description="revoked"');
    ctx.body = '';
  }
  if (sub.startsWith('userinfo-503-')) {
    ctx.status = 503;
    ctx.body = 'Service Unavailable';
  }
  if (sub.startsWith('userinfo-reset-')) {
    ctx.respond = false;
    ctx.req.socket.destroy();
  }
}

export async function startOidcProvider(options: {
  redirectUris: string[];
  /** Advertise this JWKS instead of our own (the impostor). */
  jwksFrom?: string;
  claimsOnlyInUserInfo?: boolean;
}): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  // One kid for every instance: the impostor's tokens then name a key the client does find in the
  // advertised JWKS, and fail on the signature itself rather than on key selection.
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };
  const signingKey = await importJWK(jwk, 'RS256');

  const configuration: Configuration = {
    clients: [
      {
        client_id: TEST_CLIENT.clientId,
        client_secret: TEST_CLIENT.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-not-a-secret'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Put the scopes' claims in the ID token (as Google, Entra ID and Keycloak do), not only in
    // UserInfo — unless this provider plays one that does not.
    conformIdTokenClaims: options.claimsOnlyInUserInfo === true,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      return {
        accountId: sub,
        async claims() {
          if (sub.startsWith('noemail-')) return { sub, name: `User ${sub}` };
          return {
            sub,
            name: `User ${sub}`,
            email: `${sub}@corp.test`,
            email_verified: !sub.startsWith('unverified-'),
          };
        },
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  // oidc-provider logs every dev-interaction use as a warning; the tests use it on purpose.
  provider.on('server_error', (_ctx: unknown, error: unknown) => console.error('test OpenID Provider', error));

  provider.use(async (ctx, next) => {
    await next();
    if (options.jwksFrom && ctx.path === '/.well-known/openid-configuration' && ctx.body) {
      (ctx.body as Record<string, unknown>).jwks_uri = options.jwksFrom;
    }
    if (ctx.path === '/me' && ctx.status === 200) {
      spoilUserInfo(ctx);
      return;
    }
    if (ctx.path !== '/token' || ctx.status !== 200) return;
    const body = ctx.body as { id_token?: string } | undefined;
    if (!body?.id_token) return;
    const claims = decodeJwt(body.id_token) as Record<string, unknown>;
    const sub = String(claims.sub);
    if (sub.startsWith('token-503-')) {
      ctx.status = 503;
      ctx.body = 'Service Unavailable';
      return;
    }
    const tamper = Object.entries(TAMPER).find(([prefix]) => sub.startsWith(prefix))?.[1];
    if (!tamper) return;
    tamper(claims, issuer);
    const header = decodeProtectedHeader(body.id_token);
    body.id_token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: header.kid ?? jwk.kid ?? '' })
      .sign(signingKey);
  });

  server.on('request', provider.callback());
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
