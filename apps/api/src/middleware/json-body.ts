import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors/index.ts';

export const MAX_BODY_BYTES = 16 * 1024;

const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError('PAYLOAD_TOO_LARGE', { detail: `Request bodies are limited to ${MAX_BODY_BYTES} bytes.` });
  },
});

function isJson(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * Every request body is JSON, at most 16 KiB, and well-formed — checked here once, so handlers and
 * validators only ever see parsed JSON. Size is checked before the type so that a huge body of any
 * type is refused without being read.
 */
export const jsonBody = createMiddleware(async (c, next) => {
  // A GET or HEAD carries no body (fetch's Request refuses one). Asked first, because on Node
  // merely reading `raw.body` builds a whole WHATWG Request out of the incoming message.
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || !c.req.raw.body) return next();
  return limit(c, async () => {
    // workerd gives a request sent without a body (a browser's DELETE) an empty stream, not null:
    // only a body with content has a type to check. The limit above bounds what is read here.
    // (Bytes, not text(): workerd warns when a body that is not declared as text is read as text.)
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength === 0) return next();
    if (!isJson(c.req.header('Content-Type'))) {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', { detail: 'Send the body as application/json.' });
    }
    try {
      JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new ApiError('VALIDATION_FAILED', {
        detail: 'The body is not valid JSON.',
        errors: [{ path: '', message: 'Malformed JSON' }],
      });
    }
    await next();
  });
});
