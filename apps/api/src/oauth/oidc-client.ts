import * as oauth from 'oauth4webapi';
import { OAuthFailure, providerFailure } from './oauth-failure.ts';
import type { FlowSecrets, ProviderClient, ProviderHttp, ProviderProfile } from './provider-client.ts';

export interface OidcSettings {
  id: string;
  name: string;
  type: 'google' | 'oidc';
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  redirectUri: string;
}

/** Looks up an issuer's metadata; injected by unit tests, which have no network. */
export type Discover = (issuer: string, http: ProviderHttp) => Promise<oauth.AuthorizationServer>;

// Discovery and keys are per isolate: Workers cannot fetch at start-up (no I/O outside a request),
// so the first sign-in with a provider discovers it and later ones reuse the answer. A failed
// discovery is not kept: the next sign-in tries again.
const discovered = new Map<string, Promise<oauth.AuthorizationServer>>();
const keyCaches = new Map<string, oauth.JWKSCacheInput>();

/** Per-request options of every call to a provider: a deadline, http only where allowed. */
export function requestOptions(http: ProviderHttp): {
  signal: () => AbortSignal;
  [oauth.allowInsecureRequests]: boolean;
} {
  return { signal: () => AbortSignal.timeout(http.timeoutMs), [oauth.allowInsecureRequests]: http.allowHttp };
}

/** OpenID Connect Discovery 1.0 from the issuer, checking that the metadata names the same issuer. */
export const discoverIssuer: Discover = (issuer, http) => {
  const known = discovered.get(issuer);
  if (known) return known;
  const pending = (async () => {
    const url = new URL(issuer);
    const response = await oauth.discoveryRequest(url, { ...requestOptions(http), algorithm: 'oidc' });
    return oauth.processDiscoveryResponse(url, response);
  })();
  discovered.set(issuer, pending);
  pending.catch(() => discovered.delete(issuer));
  return pending;
};

/** The claims of a validated ID token, or of a UserInfo answer, as our profile. */
export function oidcProfile(claims: { readonly sub: string; readonly [claim: string]: unknown }): ProviderProfile {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
  // Some providers (older Cognito, some ADFS) send the flag as a string.
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  const given = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return {
    subject: claims.sub,
    email: text(claims.email)?.toLowerCase() ?? null,
    emailVerified: verified,
    name: text(claims.name) ?? (given || null) ?? text(claims.preferred_username),
  };
}

/**
 * Any OpenID Provider (and Google, which is one): discovery from the issuer, authorization code
 * with PKCE S256, `state` and `nonce`; the ID token checked for its signature (the provider's
 * JWKS), `iss`, `aud`, `azp`, `exp`, `iat` and `nonce`. An ID token without an email is completed
 * from the UserInfo endpoint.
 */
export function oidcClient(
  settings: OidcSettings,
  http: ProviderHttp,
  discover: Discover = discoverIssuer,
): ProviderClient {
  const client: oauth.Client = { client_id: settings.clientId };
  const auth = oauth.ClientSecretBasic(settings.clientSecret);
  const metadata = async () => {
    try {
      return await discover(settings.issuer, http);
    } catch (error) {
      throw new OAuthFailure('provider-unavailable', { cause: error });
    }
  };
  const jwksCache = () => {
    const cache = keyCaches.get(settings.issuer) ?? {};
    keyCaches.set(settings.issuer, cache);
    return cache;
  };
  return {
    id: settings.id,
    name: settings.name,
    type: settings.type,

    async authorizationUrl(flow: FlowSecrets): Promise<URL> {
      const as = await metadata();
      if (!as.authorization_endpoint) throw new OAuthFailure('provider-unavailable');
      const url = new URL(as.authorization_endpoint);
      url.search = new URLSearchParams({
        client_id: settings.clientId,
        redirect_uri: settings.redirectUri,
        response_type: 'code',
        scope: settings.scopes.join(' '),
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await oauth.calculatePKCECodeChallenge(flow.codeVerifier),
        code_challenge_method: 'S256',
      }).toString();
      return url;
    },

    async profile(callback: URL, flow: FlowSecrets): Promise<ProviderProfile> {
      const as = await metadata();
      try {
        const params = oauth.validateAuthResponse(as, client, callback, flow.state);
        const options = requestOptions(http);
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          auth,
          params,
          settings.redirectUri,
          flow.codeVerifier,
          options,
        );
        const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
          expectedNonce: flow.nonce,
          requireIdToken: true,
        });
        // processAuthorizationCodeResponse checks the ID token's claims but not its signature (TLS
        // to the token endpoint is enough for the spec); we check it against the provider's keys
        // anyway, so that a token endpoint we reach over a hostile path cannot mint identities.
        await oauth.validateApplicationLevelSignature(as, response, { ...options, [oauth.jwksCache]: jwksCache() });
        const claims = oauth.getValidatedIdTokenClaims(tokens);
        if (!claims) throw new OAuthFailure('token-invalid');
        const fromIdToken = oidcProfile(claims);
        // OpenID Connect Core 5.4: the claims of the `email` and `profile` scopes come from UserInfo
        // when an access token is issued; Okta, some Entra ID setups and others leave them out of
        // the ID token. No endpoint advertised: the profile has no email, as before.
        if (fromIdToken.email !== null || !as.userinfo_endpoint) return fromIdToken;
        const answer = await oauth.userInfoRequest(as, client, tokens.access_token, options);
        // Checks that UserInfo speaks of the ID token's `sub`: the email must be the same user's.
        const userInfo = oidcProfile(await oauth.processUserInfoResponse(as, client, claims.sub, answer));
        return { ...userInfo, name: userInfo.name ?? fromIdToken.name };
      } catch (error) {
        throw providerFailure(error);
      }
    },
  };
}
