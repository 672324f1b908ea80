import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Backend, Outcome } from './backend.ts';
import { ReplyError } from './errors.ts';
import { createRequestListener } from './server.ts';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function serve(exec: Backend['exec'], onBackendError = vi.fn()): Promise<string> {
  const backend: Backend = { kind: 'embedded', exec, close: async () => {} };
  server = createServer(createRequestListener({ backend, token: 't', bodyLimit: 1024, onBackendError }));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

const call = (url: string, path = '/', body = '["PING"]'): Promise<Response> =>
  fetch(`${url}${path}`, { method: 'POST', headers: { authorization: 'Bearer t' }, body });

describe('createRequestListener', () => {
  // A dead backend answered 502 "ERR …", which clients read as their command's error (500), not an outage.
  it('answers 503 with a JSON body that is no Redis error reply, and reports it, when the backend itself fails', async () => {
    const onBackendError = vi.fn();
    const url = await serve(async () => {
      throw new Error('connection lost');
    }, onBackendError);
    const response = await call(url);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'the Redis backend is unavailable: connection lost' });
    expect(onBackendError).toHaveBeenCalledOnce();
  });

  it('answers 400 when a transaction is discarded, without reporting a backend failure', async () => {
    const onBackendError = vi.fn();
    const url = await serve(async () => {
      throw new ReplyError('EXECABORT Transaction discarded because of previous errors.');
    }, onBackendError);
    const response = await call(url, '/multi-exec', '[["NOPE"]]');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'EXECABORT Transaction discarded because of previous errors.' });
    expect(onBackendError).not.toHaveBeenCalled();
  });

  it('passes batches to the backend in the mode of their route', async () => {
    const exec = vi.fn<Backend['exec']>(async (commands) => commands.map((): Outcome => ({ reply: 1 })));
    const url = await serve(exec);
    await call(url, '/pipeline', '[["INCR","a"]]');
    await call(url, '/multi-exec', '[["INCR","a"]]');
    await call(url, '/', '["INCR","a"]');
    expect(exec.mock.calls.map(([, mode]) => mode)).toEqual(['pipeline', 'multi', 'pipeline']);
  });

  it('ignores a query string on the route', async () => {
    const url = await serve(async () => [{ reply: 'PONG' }]);
    expect(await (await call(url, '/?_=1')).json()).toEqual({ result: 'PONG' });
  });
});
