import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { redisUrl } from './redis-url.ts';

declare module 'vitest' {
  interface ProvidedContext {
    redisHttp: { url: string; token: string };
    /** An HTTP endpoint that accepts requests and never answers: a Redis that hangs. */
    hangingUrl: string;
  }
}

const redisHttpMain = fileURLToPath(new URL('../../redis-http/src/main.ts', import.meta.url));

/**
 * Runs apps/redis-http as its own process, as `pnpm start` does. (Importing it here would resolve
 * its dependencies with the Worker's browser conditions.) Resolves with the URL it prints.
 */
function startRedisHttp(token: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [redisHttpMain], {
      env: { ...process.env, REDIS_URL: redisUrl, REDIS_HTTP_TOKEN: token, REDIS_HTTP_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+) \(backend: (.*)\)/.exec(output);
      if (!match?.[1]) return;
      if (!match[2]?.startsWith('redis')) {
        child.kill();
        reject(new Error(`API tests need a real Redis at ${redisUrl}; start one or set REDIS_URL (got ${match[2]}).`));
      } else {
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-http exited early (${code}): ${output}`)));
  });
}

/** Starts the Upstash-protocol bridge over the real Redis and hands its address to workerd. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const token = randomBytes(24).toString('hex');
  const redisHttp = await startRedisHttp(token);
  project.provide('redisHttp', { url: redisHttp.url, token });

  const hanging = createServer(() => {});
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const address = hanging.address();
  project.provide('hangingUrl', `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);

  return async () => {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
    const exited = new Promise((resolve) => redisHttp.child.once('exit', resolve));
    redisHttp.child.kill('SIGTERM');
    await exited;
  };
}
