import * as oauth from 'oauth4webapi';
import * as z from 'zod';
import { OAuthFailure, providerFailure } from './oauth-failure.ts';
import { requestOptions } from './oidc-client.ts';
import type { FlowSecrets, ProviderClient, ProviderHttp, ProviderProfile } from './provider-client.ts';

/** GitHub is OAuth 2.0 only (no ID token, no discovery): its endpoints are fixed. */
export const GITHUB = {
  issuer: 'https://github.com/login/oauth',
  authorization_endpoint: 'https://github.com/login/oauth/authorize',
  token_endpoint: 'https://github.com/login/oauth/access_token',
} as const satisfies oauth.AuthorizationServer;

const GITHUB_API = 'https://api.github.com';
/** The profile and the email addresses with their verification (`user:email`). */
const SCOPES = 'read:user user:email';

const githubUser = z.object({
  id: z.number().int(),
  login: z.string(),
  name: z.string().nullish(),
});
const githubEmails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

/**
 * GitHub's user and email list as our profile. The subject is the numeric id: a login can be
 * renamed and then taken by someone else. The email is the primary one, with GitHub's word on
 * whether it is verified (the public profile email carries no such word, so it is not used).
 */
export function githubProfile(user: unknown, emails: unknown): ProviderProfile {
  const parsedUser = githubUser.parse(user);
  const primary = githubEmails.parse(emails).find((entry) => entry.primary);
  return {
    subject: String(parsedUser.id),
    email: primary?.email.toLowerCase() ?? null,
    emailVerified: primary?.verified ?? false,
    name: parsedUser.name?.trim() || parsedUser.login,
  };
}

export interface GithubSettings {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** GitHub's OAuth app flow: authorization code with PKCE S256 and `state`, then the REST API for the profile. */
export function githubClient(settings: GithubSettings, http: ProviderHttp): ProviderClient {
  const client: oauth.Client = { client_id: settings.clientId };
  const auth = oauth.ClientSecretPost(settings.clientSecret);
  const doFetch = http.fetch ?? fetch;
  const api = async (path: string, accessToken: string): Promise<unknown> => {
    const response = await doFetch(`${GITHUB_API}${path}`, {
      headers: {
        Authorization: `Bearer ${accessToken}`,
        Accept: 'application/vnd.github+json',
        // GitHub's API refuses requests without one.
        'User-Agent': 'Portcullis',
      },
      signal: AbortSignal.timeout(http.timeoutMs),
    });
    if (!response.ok) throw new OAuthFailure(response.status >= 500 ? 'provider-unavailable' : 'token-invalid');
    return response.json();
  };
  return {
    id: settings.id,
    name: settings.name,
    type: 'github',

    async authorizationUrl(flow: FlowSecrets): Promise<URL> {
      const url = new URL(GITHUB.authorization_endpoint);
      url.search = new URLSearchParams({
        client_id: settings.clientId,
        redirect_uri: settings.redirectUri,
        response_type: 'code',
        scope: SCOPES,
        state: flow.state,
        code_challenge: await oauth.calculatePKCECodeChallenge(flow.codeVerifier),
        code_challenge_method: 'S256',
        // Sign-up is ours to offer, not GitHub's, on this page.
        allow_signup: 'false',
      }).toString();
      return url;
    },

    async profile(callback: URL, flow: FlowSecrets): Promise<ProviderProfile> {
      try {
        const params = oauth.validateAuthResponse(GITHUB, client, callback, flow.state);
        const options = requestOptions(http);
        const response = await oauth.authorizationCodeGrantRequest(
          GITHUB,
          client,
          auth,
          params,
          settings.redirectUri,
          flow.codeVerifier,
          options,
        );
        const tokens = await oauth.processAuthorizationCodeResponse(GITHUB, client, response);
        const [user, emails] = await Promise.all([
          api('/user', tokens.access_token),
          api('/user/emails', tokens.access_token),
        ]);
        return githubProfile(user, emails);
      } catch (error) {
        throw error instanceof z.ZodError
          ? new OAuthFailure('provider-error', { cause: error })
          : providerFailure(error);
      }
    },
  };
}
