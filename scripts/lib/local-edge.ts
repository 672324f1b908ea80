import { createServer, request } from 'node:http';

export interface LocalEdge {
  close(): Promise<void>;
}

/** Headers of one connection, not of the message: the edge's own connections set their own. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive']);

/** `rawHeaders` (name, value, name, value …) without the names in `drop`. */
function withoutHeaders(raw: readonly string[], drop: (lowerCaseName: string) => boolean): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (!drop(name.toLowerCase())) kept.push(name, raw[i + 1] ?? '');
  }
  return kept;
}

/**
 * What Cloudflare's edge does in front of a deployed Worker, in front of `wrangler dev`: it sets
 * `CF-Connecting-IP` to the address of the socket the request came in on, replacing whatever the
 * client sent. wrangler dev alone sets that header only when the request does not already carry
 * one, so a local client could pick the address the Worker records and rate-limits. Everything
 * else but Miniflare's internal headers passes through as it came (raw header list: repeated
 * headers and Host stay as sent).
 */
export function startLocalEdge(options: { host: string; port: number; upstreamPort: number }): Promise<LocalEdge> {
  const server = createServer((incoming, outgoing) => {
    const address = incoming.socket.remoteAddress;
    if (!address) {
      incoming.socket.destroy();
      return;
    }
    // Miniflare's own `MF-` headers are dropped too: MF-CF-Blob, for one, would let a client write
    // the request.cf the Worker reads its location from, which on Cloudflare only the edge sets.
    const headers = withoutHeaders(
      incoming.rawHeaders,
      (name) => name === 'cf-connecting-ip' || name.startsWith('mf-'),
    );
    headers.push('CF-Connecting-IP', address);
    const upstream = request(
      { host: '127.0.0.1', port: options.upstreamPort, method: incoming.method, path: incoming.url, headers },
      (answer) => {
        const answerHeaders = withoutHeaders(answer.rawHeaders, (name) => HOP_BY_HOP.has(name));
        outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage ?? '', answerHeaders);
        answer.pipe(outgoing);
      },
    );
    upstream.once('error', () => {
      if (outgoing.headersSent) outgoing.destroy();
      else outgoing.writeHead(502, { 'Content-Type': 'text/plain' }).end('wrangler dev is not answering\n');
    });
    incoming.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve({
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
