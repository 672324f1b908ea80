import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createRestStore } from './rest-store.ts';
import type { Store } from './store.ts';
import { StoreCommandError, StoreUnavailableError } from './store-errors.ts';

/*
 * How the REST driver reads an endpoint's failures, against endpoints that fail the ways Upstash,
 * a gateway in front of it or redis-http can. (The driver's behaviour over a working endpoint is
 * driver-suite.ts, in workerd; a real Redis behind redis-http that dies is test/store-faults.)
 */

let server: Server | undefined;
let requests = 0;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  requests = 0;
});

/** A REST endpoint that answers every request with `handler`. */
async function endpoint(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Store> {
  server = createServer((req, res) => {
    requests += 1;
    req.resume();
    req.once('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return createRestStore({ url: `http://127.0.0.1:${port}`, token: 't', timeoutMs: 1_000 });
}

const answer =
  (status: number, body: string, type = 'application/json') =>
  (_: IncomingMessage, res: ServerResponse) =>
    res.writeHead(status, { 'content-type': type }).end(body);

describe('the REST driver reads an endpoint that cannot serve as unavailable (503)', () => {
  // A dead Redis behind redis-http (HTTP 502/503 with a JSON error) became StoreCommandError: 500 INTERNAL.
  it.each([
    ['redis-http with its Redis down', 503, '{"error":"the Redis backend is unavailable: The client is offline"}'],
    ['a 500 with a JSON error', 500, '{"error":"Internal Server Error"}'],
    ['a 5xx without an error field', 502, '{}'],
    ["a gateway's HTML page", 502, '<html><body>Bad Gateway</body></html>'],
    ['Redis still loading its data', 400, '{"error":"LOADING Redis is loading the dataset in memory"}'],
    ['Redis busy with a script', 400, '{"error":"BUSY Redis is busy running a script."}'],
  ])('%s', async (_, status, body) => {
    const store = await endpoint(answer(status, body, body.startsWith('<') ? 'text/html' : 'application/json'));
    await expect(store.send(['GET', 'k'])).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.batch([['GET', 'k']])).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('a "not now" reply of one command fails the whole batch, as an unreachable Redis does', async () => {
    const store = await endpoint(answer(200, '[{"result":1},{"error":"LOADING Redis is loading"}]'));
    await expect(
      store.batch([
        ['INCR', 'a'],
        ['GET', 'b'],
      ]),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  // `retry: false` is one retry in @upstash/redis: a request whose connection broke was sent again.
  it('a connection that breaks after the endpoint read the request, sent once and never again', async () => {
    const store = await endpoint((req) => req.socket.destroy());
    await expect(store.send(['EVALSHA', 'f00', '0'])).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(requests).toBe(1);
  });
});

describe("the REST driver reads a command's own error as a bug (500), not as an outage", () => {
  it.each([
    ['a Redis error reply', 400, '{"error":"ERR wrong number of arguments for \'get\' command"}'],
    ['a wrong type', 400, '{"error":"WRONGTYPE Operation against a key holding the wrong kind of value"}'],
    [
      'a wrong token (a misconfiguration to fix, not to wait out)',
      401,
      '{"error":"WRONGPASS invalid or missing auth token"}',
    ],
  ])('%s', async (_, status, body) => {
    const store = await endpoint(answer(status, body));
    await expect(store.send(['GET', 'k'])).rejects.toBeInstanceOf(StoreCommandError);
  });

  it("a command's error inside a batch is that command's alone", async () => {
    const store = await endpoint(answer(200, '[{"result":1},{"error":"WRONGTYPE Operation against a key"}]'));
    const [first, second] = await store.batch([
      ['INCR', 'a'],
      ['GET', 'b'],
    ]);
    expect(first).toEqual({ ok: true, reply: 1 });
    expect(second?.ok === false && second.error).toBeInstanceOf(StoreCommandError);
  });
});
