import type { TestProject } from 'vitest/node';
import { startOidcProvider, TEST_CLIENT, type TestOidcProvider } from '../../api/test/oidc-provider.ts';
import { startAppServer } from './app-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The local OpenID Provider the app offers as "Corp SSO" (apps/api/test/oidc-provider.ts). */
    oidcIssuer: string;
  }
}

/**
 * One server for the whole suite: building and starting workerd is most of its run time. Beside
 * it, a real OpenID Provider in this process, registered with the server's callback, which the
 * app's AUTH_PROVIDERS names: the browser signs in on its pages as a user would.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let oidc: TestOidcProvider | undefined;
  const server = await startAppServer({
    vars: async (url) => {
      oidc = await startOidcProvider({ redirectUris: [`${url}/api/auth/oauth/corp/callback`] });
      const corp = { id: 'corp', type: 'oidc', name: 'Corp SSO', issuer: oidc.issuer, ...TEST_CLIENT };
      return { AUTH_PROVIDERS: JSON.stringify([corp]) };
    },
  });
  project.provide('baseUrl', server.url);
  project.provide('oidcIssuer', oidc?.issuer ?? '');
  return async () => {
    await server.stop();
    await oidc?.close();
  };
}
