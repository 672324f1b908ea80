import { randomUUID } from 'node:crypto';
import type { RedisHttpServer } from '../src/index.ts';

/** The real Redis the suite runs against; other suites share it, so keys carry a unique prefix. */
export const REAL_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const BACKENDS = [
  { backend: 'embedded', redisUrl: undefined },
  { backend: 'redis', redisUrl: REAL_REDIS_URL },
] as const;

/** A key prefix no other run or suite uses. */
export function uniquePrefix(): string {
  return `redis-http-test:${randomUUID()}:`;
}

/** A raw request to the bridge, as the protocol tests need it (no client in between). */
export async function post(
  server: RedisHttpServer,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string | null; json: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), json: await response.json() };
}
