import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import type { AppEnv } from '../app-env.ts';
import { API_RESPONSE_HEADERS } from './api-response-headers.ts';

/** Marks responses that already carry every header the API adds (security headers, request id). */
const COMPLETE = Symbol('portcullis.complete-headers');

/** True for a response made by `jsonResponse`: the header middlewares leave it as it is. */
export function isComplete(response: Response): boolean {
  return Reflect.get(response, COMPLETE) === true;
}

/**
 * A JSON response with all of the API's headers in one plain object, for the hot paths (`/me`).
 * Equivalent to `c.json()` plus the header middlewares, but on Node a plain object goes to the
 * socket as it is, where `Headers` set one by one are validated on the way in and copied again on
 * the way out (about a tenth of `/me`'s CPU). Typed like `c.json()`, so the RPC client still
 * knows the body.
 */
export function jsonResponse<T, U extends ContentfulStatusCode = 200>(
  c: Pick<Context<AppEnv>, 'get'>,
  body: T,
  init: { status?: U; headers?: Record<string, string> } = {},
): Response & TypedResponse<JSONParsed<T>, U, 'json'> {
  const response = new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: {
      'content-type': 'application/json',
      ...API_RESPONSE_HEADERS,
      'x-request-id': c.get('requestId'),
      ...init.headers,
    },
  });
  // A property rather than a WeakSet entry: one per request, and cheaper for the collector.
  Reflect.set(response, COMPLETE, true);
  return response as Response & TypedResponse<JSONParsed<T>, U, 'json'>;
}
