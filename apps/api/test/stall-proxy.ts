import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a test's own Redis that can stall one round trip: once `hold(marker)` is
 * set, the first command sent on a connection that carries `marker` (e.g. a session id, which only
 * that session's scripts name) waits, with everything after it on that connection, until
 * `release()`. Other connections flow. CLIENT PAUSE cannot do that: it would stall a request's
 * first round trip (its rate limits) and never let it reach the one the test is about.
 */
export interface StallProxy {
  url: string;
  hold(marker: string): void;
  /** True once a command carrying the marker is being held. */
  holding(): boolean;
  /** Sends what was held on to Redis and stops holding. */
  release(): void;
  close(): Promise<void>;
}

export async function startStallProxy(redisUrl: string): Promise<StallProxy> {
  const target = new URL(redisUrl);
  let marker: string | null = null;
  const connections = new Set<{ client: Socket; redis: Socket; held: Buffer[] | null }>();

  const server = createServer((client) => {
    const redis = createConnection({ host: target.hostname, port: Number(target.port) });
    const connection = { client, redis, held: null as Buffer[] | null };
    connections.add(connection);
    client.on('data', (chunk: Buffer) => {
      if (!connection.held && marker && chunk.includes(marker)) connection.held = [];
      if (connection.held) connection.held.push(chunk);
      else redis.write(chunk);
    });
    redis.on('data', (chunk) => client.write(chunk));
    const end = () => {
      connections.delete(connection);
      client.destroy();
      redis.destroy();
    };
    for (const socket of [client, redis]) socket.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `redis://127.0.0.1:${port}`,
    hold: (text) => {
      marker = text;
    },
    holding: () => [...connections].some((connection) => connection.held !== null),
    release: () => {
      marker = null;
      for (const connection of connections) {
        for (const chunk of connection.held ?? []) connection.redis.write(chunk);
        connection.held = null;
      }
    },
    close: async () => {
      for (const connection of connections) connection.client.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
