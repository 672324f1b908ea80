import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const redisHttpMain = fileURLToPath(new URL('../../redis-http/src/main.ts', import.meta.url));

/**
 * Runs apps/redis-http as its own process over the Redis at `redisUrl`, as `pnpm start` does.
 * (Importing it into a test would resolve its dependencies with the Worker's browser conditions.)
 * Resolves with the URL it prints; refuses to go on with the in-memory fallback.
 */
export function startRedisHttpProcess(redisUrl: string, token: string): Promise<{ child: ChildProcess; url: string }> {
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

/** SIGTERM, and resolves once it has exited. */
export async function stopRedisHttpProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
