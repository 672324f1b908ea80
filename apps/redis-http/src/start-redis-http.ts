import { createServer, type Server } from 'node:http';
import type { BackendKind } from './backend.ts';
import { openBackend } from './backends/open-backend.ts';
import { createRequestListener } from './server.ts';

export interface RedisHttpOptions {
  /** A real Redis to serve; without one, or when it does not answer, an in-memory store is used. */
  redisUrl?: string;
  /** The bearer token clients must present. */
  token: string;
  /** Port to listen on; 0 picks a free one. Defaults to 8079. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1 so the unencrypted bridge is never exposed. */
  host?: string;
  /** Skip the start-up line. */
  quiet?: boolean;
}

export interface RedisHttpServer {
  /** Base URL for `new Redis({ url, token })`, e.g. `http://127.0.0.1:8079`. */
  url: string;
  token: string;
  backend: BackendKind;
  /** Stops the HTTP server, dropping keep-alive connections, and disconnects from Redis. */
  close(): Promise<void>;
}

const BODY_LIMIT = 1024 * 1024;

/**
 * Serves the Upstash REST protocol over a real or an embedded Redis.
 *
 * @example
 * const bridge = await startRedisHttp({ redisUrl: 'redis://127.0.0.1:6379', token: 'dev', port: 0 });
 * const redis = new Redis({ url: bridge.url, token: bridge.token });
 */
export async function startRedisHttp(options: RedisHttpOptions): Promise<RedisHttpServer> {
  if (!options.token) throw new Error('redis-http needs a non-empty token (REDIS_HTTP_TOKEN)');
  const host = options.host ?? '127.0.0.1';
  const { backend, description } = await openBackend(options.redisUrl);
  const server = createServer(
    createRequestListener({
      backend,
      token: options.token,
      bodyLimit: BODY_LIMIT,
      onBackendError: (error) => {
        if (!options.quiet) console.error('redis-http: backend failure:', error);
      },
    }),
  );
  let port: number;
  try {
    port = await listen(server, options.port ?? 8079, host);
  } catch (error) {
    await backend.close();
    throw error;
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!options.quiet) console.log(`redis-http: listening on ${url} (backend: ${description})`);

  let closing: Promise<void> | undefined;
  return {
    url,
    token: options.token,
    backend: backend.kind,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // close() alone would wait for every connection still in the middle of a request.
        server.closeAllConnections();
        await closed;
        await backend.close();
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
