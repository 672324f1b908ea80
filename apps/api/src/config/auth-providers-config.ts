import * as z from 'zod';
import { jsonText, positiveInt } from './env-schemas.ts';

/** A provider id is a path segment of its callback URL and part of Redis keys: keep it plain. */
const providerId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 lowercase letters, digits or dashes, like "corp-sso"');

const credentials = {
  id: providerId,
  clientId: z.string().min(1, 'is required'),
  clientSecret: z.string().min(1, 'is required'),
  name: z.string().trim().min(1).max(64).optional(),
};

const githubProvider = z.strictObject({ ...credentials, type: z.literal('github') });
const googleProvider = z.strictObject({ ...credentials, type: z.literal('google') });
const oidcProvider = z.strictObject({
  ...credentials,
  type: z.literal('oidc'),
  name: z.string().trim().min(1).max(64),
  /** The issuer identifier; discovery reads `${issuer}/.well-known/openid-configuration`. */
  issuer: z.url({ protocol: /^https?$/, message: 'must be the http(s) URL of the OpenID Provider' }),
  /** `openid` is always asked for; `email` and `profile` unless scopes are given. */
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must be a scope token')).optional(),
});

const providerSchema = z.discriminatedUnion('type', [githubProvider, googleProvider, oidcProvider]);
export type AuthProviderConfig = z.output<typeof providerSchema>;

/** AUTH_PROVIDERS: a JSON array of providers, each id once. */
const authProviders = jsonText('must be a JSON array of providers (see README.md)')
  .pipe(z.array(providerSchema))
  .superRefine((providers, ctx) => {
    const seen = new Set<string>();
    for (const provider of providers) {
      if (seen.has(provider.id)) ctx.addIssue({ code: 'custom', message: `the id "${provider.id}" is used twice` });
      seen.add(provider.id);
    }
  });

/**
 * Environment settings of social and enterprise sign-in (README.md lists them). Spread into
 * `configSchema` in config.ts; `authProvidersProblem` adds the checks that need ENVIRONMENT.
 */
export const authProvidersConfig = {
  AUTH_PROVIDERS: authProviders,
  /** A provider that takes longer (discovery, code exchange, keys, profile) fails the sign-in. */
  OAUTH_TIMEOUT_MS: positiveInt(10_000),
  /** How long a started sign-in with a provider may take, from the button to the callback. */
  OAUTH_FLOW_TTL_SECONDS: positiveInt(600),
};

/**
 * Why the providers cannot work in this environment, or null. A plain-http issuer would let anyone
 * on the path forge ID tokens and keys: allowed only in development and test (a local provider).
 */
export function authProvidersProblem(config: {
  ENVIRONMENT: string;
  AUTH_PROVIDERS: AuthProviderConfig[];
}): string | null {
  if (config.ENVIRONMENT === 'development' || config.ENVIRONMENT === 'test') return null;
  const insecure = config.AUTH_PROVIDERS.find(
    (provider) => provider.type === 'oidc' && new URL(provider.issuer).protocol !== 'https:',
  );
  return insecure
    ? `Portcullis configuration is invalid: AUTH_PROVIDERS: the issuer of "${insecure.id}" must be an https URL outside development.`
    : null;
}
