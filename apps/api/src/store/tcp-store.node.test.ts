import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { describeStoreDriver } from '../../test/driver-suite.ts';
import { redisUrl } from '../../test/redis-url.ts';
import { createTcpStore } from './tcp-store.ts';

// A TCP peer that accepts and never answers: the Redis handshake hangs until the deadline.
let hanging: Server;
let hangingPort = 0;
const sockets = new Set<Socket>();
beforeAll(async () => {
  hanging = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const address = hanging.address();
  hangingPort = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => hanging.close(() => resolve()));
});

describeStoreDriver('tcp (node-redis)', {
  live: () => createTcpStore({ url: redisUrl, timeoutMs: 1500 }),
  dead: () => createTcpStore({ url: `redis://127.0.0.1:${hangingPort}`, timeoutMs: 500 }),
});
