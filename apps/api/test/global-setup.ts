import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { TestProject } from 'vitest/node';
import { startRedisHttpProcess, stopRedisHttpProcess } from './redis-http-process.ts';
import { redisUrl } from './redis-url.ts';

declare module 'vitest' {
  interface ProvidedContext {
    redisHttp: { url: string; token: string };
    /** An HTTP endpoint that accepts requests and never answers: a Redis that hangs. */
    hangingUrl: string;
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

  return async () => {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
    await stopRedisHttpProcess(redisHttp.child);
  };
}
