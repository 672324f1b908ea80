import type { Backend } from '../backend.ts';
import { redactUrl } from '../redact-url.ts';
import { createEmbeddedBackend } from './embedded.ts';
import { connectRedis, RedisUnreachableError } from './redis.ts';

export interface OpenedBackend {
  backend: Backend;
  /** What the start-up line says about the backend, e.g. `redis redis://127.0.0.1:6379`. */
  description: string;
}

// Long enough for a local or LAN Redis, short enough that start-up does not appear to hang.
const CONNECT_TIMEOUT_MS = 1000;

/**
 * A real Redis when one is configured and answers; otherwise the embedded backend, so that the
 * project runs with nothing installed. The fallback is announced in the description, not hidden.
 */
export async function openBackend(redisUrl: string | undefined): Promise<OpenedBackend> {
  if (!redisUrl) return { backend: createEmbeddedBackend(), description: 'embedded in-memory' };
  try {
    return { backend: await connectRedis(redisUrl, CONNECT_TIMEOUT_MS), description: `redis ${redactUrl(redisUrl)}` };
  } catch (error) {
    if (!(error instanceof RedisUnreachableError)) throw error;
    return {
      backend: createEmbeddedBackend(),
      description: `embedded in-memory; ${redactUrl(redisUrl)} is unreachable: ${error.message}`,
    };
  }
}
