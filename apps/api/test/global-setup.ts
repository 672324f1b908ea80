import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { TestProject } from 'vitest/node';
import { startOidcProvider, TEST_CLIENT } from './oidc-provider.ts';
import { startRedisHttpProcess, stopRedisHttpProcess } from './redis-http-process.ts';
import { redisUrl } from './redis-url.ts';

declare module 'vitest' {
  interface ProvidedContext {
    redisHttp: { url: string; token: string };
    /** An HTTP endpoint that accepts requests and never answers: a Redis that hangs. */
    hangingUrl: string;
    /** An HTTP endpoint that answers every request 503: a provider in an outage. */
    failingUrl: string;
    /** The test OpenID Providers (oidc-provider.ts), each registered with the test app's callbacks. */
    oidc: { issuer: string; impostorIssuer: string; userInfoIssuer: string; clientId: string; clientSecret: string };
  }
}

/** Starts the Upstash-protocol bridge over the real Redis and hands its address to workerd. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const token = randomBytes(24).toString('hex');
  const redisHttp = await startRedisHttpProcess(redisUrl, token);
  project.provide('redisHttp', { url: redisHttp.url, token });

  const hanging = createServer(() => {});
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const address = hanging.address();
  project.provide('hangingUrl', `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);

  const failing = createServer((_request, response) => response.writeHead(503).end('Service Unavailable'));
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  const failingAddress = failing.address();
  project.provide(
    'failingUrl',
    `http://127.0.0.1:${typeof failingAddress === 'object' && failingAddress ? failingAddress.port : 0}`,
  );

  // A real OpenID Provider in this Node process (workerd cannot host one), an impostor that signs
  // with other keys while advertising the first one's, and one that gives the email only from
  // UserInfo: the API under test reaches them over HTTP.
  const redirectUris = ['corp', 'impostor', 'userinfo'].map(
    (id) => `http://portcullis.test/api/auth/oauth/${id}/callback`,
  );
  const oidc = await startOidcProvider({ redirectUris });
  const impostor = await startOidcProvider({ redirectUris, jwksFrom: oidc.jwksUri });
  const userInfoOnly = await startOidcProvider({ redirectUris, claimsOnlyInUserInfo: true });
  project.provide('oidc', {
    issuer: oidc.issuer,
    impostorIssuer: impostor.issuer,
    userInfoIssuer: userInfoOnly.issuer,
    ...TEST_CLIENT,
  });

  return async () => {
    await Promise.all([oidc.close(), impostor.close(), userInfoOnly.close()]);
    failing.closeAllConnections();
    await new Promise((resolve) => failing.close(resolve));
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
    await stopRedisHttpProcess(redisHttp.child);
  };
}
