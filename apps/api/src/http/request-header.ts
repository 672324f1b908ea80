import type { Context } from 'hono';

/** What @hono/node-server puts in `c.env` on Node: the request as Node's http module parsed it. */
interface NodeBindings {
  incoming?: { headers?: Record<string, string | string[] | undefined> };
}

/**
 * A request header, by lower-case name. On Node it is read from the incoming message's own header
 * object: asking `c.req.header()` makes @hono/node-server build (and validate) a whole WHATWG
 * `Headers` for the request first, a cost the hot paths pay for one or two headers. Elsewhere
 * (Workers, Deno) the request's headers are native and `c.req.header()` is that read.
 */
export function requestHeader(c: Pick<Context, 'env' | 'req'>, name: Lowercase<string>): string | undefined {
  const incoming = (c.env as NodeBindings | undefined)?.incoming?.headers;
  if (!incoming) return c.req.header(name);
  const value = incoming[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
