import type { Context } from 'hono';

/** Node's own header object of the request, when `c.env` is what @hono/node-server passes (`{ incoming, outgoing }`). */
function nodeHeaders(env: unknown): object | undefined {
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  const { incoming } = env;
  if (typeof incoming !== 'object' || incoming === null || !('headers' in incoming)) return undefined;
  const { headers } = incoming;
  return typeof headers === 'object' && headers !== null ? headers : undefined;
}

/**
 * A request header, by lower-case name. On Node it is read from the incoming message's own header
 * object: asking `c.req.header()` makes @hono/node-server build (and validate) a whole WHATWG
 * `Headers` for the request first, a cost the hot paths pay for one or two headers. Elsewhere
 * (Workers, Deno) the request's headers are native and `c.req.header()` is that read.
 */
export function requestHeader(c: Pick<Context, 'env' | 'req'>, name: Lowercase<string>): string | undefined {
  const incoming = nodeHeaders(c.env);
  if (!incoming) return c.req.header(name);
  // Node joins repeated headers into one string, except the few it keeps as arrays.
  const value: unknown = Reflect.get(incoming, name);
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : undefined;
}
