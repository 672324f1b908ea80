import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type RedisHttpServer, startRedisHttp } from '../src/index.ts';
import { post, REAL_REDIS_URL } from './bridges.ts';

const started: RedisHttpServer[] = [];
async function start(options: Parameters<typeof startRedisHttp>[0]): Promise<RedisHttpServer> {
  const server = await startRedisHttp(options);
  started.push(server);
  return server;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(started.splice(0).map((server) => server.close()));
});

describe('startRedisHttp', () => {
  it('serves a real Redis when REDIS_URL answers, and says so in one start-up line', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const server = await start({ redisUrl: REAL_REDIS_URL, token: 't', port: 0 });
    expect(server.backend).toBe('redis');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(log.mock.calls).toEqual([[`redis-http: listening on ${server.url} (backend: redis ${REAL_REDIS_URL})`]]);
  });

  it('serves the embedded backend when no REDIS_URL is given', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const server = await start({ token: 't', port: 0 });
    expect(server.backend).toBe('embedded');
    expect(log.mock.calls).toEqual([[`redis-http: listening on ${server.url} (backend: embedded in-memory)`]]);
    expect((await post(server, '/', ['PING'])).json).toEqual({ result: 'PONG' });
  });

  it('falls back to the embedded backend within seconds when REDIS_URL points at a closed port, and says why', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const startedAt = Date.now();
    const server = await start({ redisUrl: 'redis://127.0.0.1:1', token: 't', port: 0 });
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(server.backend).toBe('embedded');
    expect(log.mock.calls).toEqual([
      [expect.stringMatching(/\(backend: embedded in-memory; redis:\/\/127\.0\.0\.1:1 is unreachable: .*ECONNREFUSED/)],
    ]);
    expect((await post(server, '/', ['SET', 'k', 'v'])).json).toEqual({ result: 'OK' });
  });

  it('refuses to start when Redis answers but rejects the credentials, rather than falling back', async () => {
    const withPassword = new URL(REAL_REDIS_URL);
    withPassword.username = 'no-such-user';
    withPassword.password = 'secret';
    await expect(start({ redisUrl: withPassword.toString(), token: 't', port: 0, quiet: true })).rejects.toThrow(
      /refused the connection/,
    );
  });

  it('refuses to start with a REDIS_URL that is not a Redis URL', async () => {
    await expect(start({ redisUrl: 'http://127.0.0.1:6379', token: 't', port: 0, quiet: true })).rejects.toThrow(
      /REDIS_URL .* is not a usable Redis URL/,
    );
  });

  it('keeps the password out of the start-up line', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await start({ redisUrl: 'redis://:hunter2@127.0.0.1:1', token: 't', port: 0 });
    expect(log.mock.calls.join('\n')).not.toContain('hunter2');
  });

  it('prints nothing when quiet', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await start({ token: 't', port: 0, quiet: true });
    expect(log).not.toHaveBeenCalled();
  });

  it('refuses to start without a token', async () => {
    await expect(startRedisHttp({ token: '', port: 0, quiet: true })).rejects.toThrow(/token/);
  });

  it('closes promptly while a client is half-way through a request, then refuses connections', async () => {
    const server = await startRedisHttp({ redisUrl: REAL_REDIS_URL, token: 't', port: 0, quiet: true });
    const { port } = new URL(server.url);
    // An unfinished request keeps its connection busy, which a plain server.close() waits for.
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    socket.on('error', () => {});
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Length: 100\r\n\r\n["PI');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const socketClosed = once(socket, 'close');
    const outcome = await Promise.race([
      server.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(resolve, 2000, 'still open')),
    ]);
    expect(outcome).toBe('closed');
    await socketClosed;
    await expect(fetch(server.url, { method: 'POST', body: '["PING"]' })).rejects.toThrow();
  });
});
