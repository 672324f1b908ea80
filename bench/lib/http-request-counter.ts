import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export interface HttpRequestCounter {
  /** Requests that arrived so far, by path. */
  readonly byPath: ReadonlyMap<string, number>;
  total(): number;
  close(): void;
}

interface RequestStart {
  request: IncomingMessage;
  socket: Socket;
}

/**
 * Counts the HTTP requests that reach the server listening on `port` in this process, through
 * Node's `http.server.request.start` diagnostics channel: it sees every request of every
 * `http.Server` without wrapping the server or adding a hop, so the REST path is measured as it
 * runs. For redis-http one HTTP request is exactly one round trip (a command, a /pipeline or a
 * /multi-exec batch).
 */
export function countHttpRequests(port: number): HttpRequestCounter {
  const byPath = new Map<string, number>();
  const listener = (message: unknown) => {
    const { request, socket } = message as RequestStart;
    if (socket.localPort !== port) return;
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    byPath.set(path, (byPath.get(path) ?? 0) + 1);
  };
  subscribe('http.server.request.start', listener);
  return {
    byPath,
    total: () => [...byPath.values()].reduce((sum, count) => sum + count, 0),
    close: () => unsubscribe('http.server.request.start', listener),
  };
}
