import type { AuthProviderConfig } from '../config/auth-providers-config.ts';
import type { Config } from '../config/config.ts';
import { DEVELOPMENT_APP_URL } from '../config/development-app-url.ts';
import { githubClient } from './github-client.ts';
import { type Discover, discoverIssuer, oidcClient } from './oidc-client.ts';
import type { ProviderClient, ProviderHttp } from './provider-client.ts';

/** Google is an OpenID Provider: discovery from its issuer, the ID token checked like any other. */
export const GOOGLE_ISSUER = 'https://accounts.google.com';
const DEFAULT_SCOPES = ['openid', 'email', 'profile'];

/** Where a provider sends the browser back: `${APP_URL}/api/auth/oauth/<id>/callback`. */
export function callbackUrl(config: Pick<Config, 'APP_URL'>, providerId: string): string {
  return `${config.APP_URL ?? DEVELOPMENT_APP_URL}/api/auth/oauth/${providerId}/callback`;
}

/** The name the sign-in page shows on the provider's button. */
export function providerName(provider: AuthProviderConfig): string {
  if (provider.name) return provider.name;
  return provider.type === 'github' ? 'GitHub' : 'Google';
}

/** The client of one configured provider. */
export function providerClient(
  config: Pick<Config, 'APP_URL' | 'ENVIRONMENT' | 'OAUTH_TIMEOUT_MS'>,
  provider: AuthProviderConfig,
  options: { fetch?: typeof fetch; discover?: Discover } = {},
): ProviderClient {
  const http: ProviderHttp = {
    timeoutMs: config.OAUTH_TIMEOUT_MS,
    // loadConfig refuses an http issuer outside development and test (auth-providers-config.ts).
    allowHttp: config.ENVIRONMENT !== 'production',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const common = {
    id: provider.id,
    name: providerName(provider),
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    redirectUri: callbackUrl(config, provider.id),
  };
  switch (provider.type) {
    case 'github':
      return githubClient(common, http);
    case 'google':
      return oidcClient(
        { ...common, type: 'google', issuer: GOOGLE_ISSUER, scopes: DEFAULT_SCOPES },
        http,
        options.discover ?? discoverIssuer,
      );
    case 'oidc': {
      const scopes = provider.scopes ? ['openid', ...provider.scopes.filter((s) => s !== 'openid')] : DEFAULT_SCOPES;
      return oidcClient(
        { ...common, type: 'oidc', issuer: provider.issuer, scopes },
        http,
        options.discover ?? discoverIssuer,
      );
    }
  }
}

/** The configured provider of this id, or null. */
export function findProvider(config: Pick<Config, 'AUTH_PROVIDERS'>, id: string): AuthProviderConfig | null {
  return config.AUTH_PROVIDERS.find((provider) => provider.id === id) ?? null;
}
