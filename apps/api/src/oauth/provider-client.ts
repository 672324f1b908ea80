/** What a provider tells us about the user who came back from it. */
export interface ProviderProfile {
  /** The provider's stable id for the user (`sub`, GitHub's numeric id): what an identity is keyed by. */
  subject: string;
  email: string | null;
  /** Whether the provider vouches that the user controls `email`. */
  emailVerified: boolean;
  name: string | null;
}

/** The per-flow secrets, made at start and kept server-side until the callback. */
export interface FlowSecrets {
  state: string;
  codeVerifier: string;
  /** Sent to OpenID Providers and checked in the ID token; GitHub has no ID token. */
  nonce: string;
}

/** One configured provider, whatever its protocol. */
export interface ProviderClient {
  id: string;
  name: string;
  type: 'github' | 'google' | 'oidc';
  /** Where to send the browser: authorization code with PKCE S256, `state` (and `nonce` for OIDC). */
  authorizationUrl(flow: FlowSecrets): Promise<URL>;
  /**
   * Checks the callback's parameters against the flow, exchanges the code and reads who the user
   * is; throws an `OAuthFailure` (oauth-failure.ts) when any of that fails.
   */
  profile(callback: URL, flow: FlowSecrets): Promise<ProviderProfile>;
}

/** How every provider client reaches the network: a deadline per call, and plain http only for local providers. */
export interface ProviderHttp {
  timeoutMs: number;
  allowHttp: boolean;
  /** For the calls made without oauth4webapi (GitHub's REST API). */
  fetch?: typeof fetch;
}
