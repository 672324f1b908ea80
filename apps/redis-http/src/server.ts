import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isAuthorized } from './auth.ts';
import type { Backend, Outcome } from './backend.ts';
import { type EncodedReply, encodeReply } from './encode.ts';
import { HttpError, ReplyError } from './errors.ts';
import { parseBatch, parseCommand } from './parse-command.ts';
import { RequestAbortedError, readBody } from './read-body.ts';
import { runBatch } from './run-batch.ts';

export interface RequestListenerOptions {
  backend: Backend;
  token: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Called with failures of the backend itself (not Redis error replies). */
  onBackendError: (error: unknown) => void;
}

const UNAUTHORIZED = 'WRONGPASS invalid or missing auth token';

type Route = 'command' | 'pipeline' | 'multi-exec';

const ROUTES = new Map<string, Route>([
  ['/', 'command'],
  ['/pipeline', 'pipeline'],
  ['/multi-exec', 'multi-exec'],
]);

/** The HTTP side of the Upstash REST protocol, as spoken by @upstash/redis. */
export function createRequestListener(options: RequestListenerOptions): RequestListener {
  return (req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      if (error instanceof RequestAbortedError) return;
      if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message });
      if (error instanceof ReplyError) return sendJson(res, 400, { error: error.message });
      options.onBackendError(error);
      // 503, and text that is not a Redis error reply (no `ERR …` code): the client must read
      // this as "the store is unavailable, try again", never as its command's own error. The
      // command may or may not have run.
      sendJson(res, 503, {
        error: `the Redis backend is unavailable: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: RequestListenerOptions): Promise<void> {
  const body = await readBody(req, options.bodyLimit);
  // Authentication comes first so that an unauthenticated caller learns nothing, not even the routes.
  // Upstash's own words: a Redis error reply, so a client reads a wrong token as its own mistake
  // (a misconfiguration to fix), never as an outage to wait out.
  if (!isAuthorized(req.headers.authorization, options.token)) throw new HttpError(401, UNAUTHORIZED);
  const route = ROUTES.get((req.url ?? '/').split('?', 1)[0] ?? '/');
  if (req.method !== 'POST' || !route) throw new HttpError(404, `ERR no such endpoint: ${req.method} ${req.url}`);
  if (body === null) throw new HttpError(413, `ERR the request body exceeds ${options.bodyLimit} bytes`);

  const encoding = req.headers['upstash-encoding'];
  const base64 = typeof encoding === 'string' && encoding.toLowerCase() === 'base64';
  if (route === 'command') {
    const [outcome] = await runBatch(options.backend, [parseCommand(body)], 'pipeline');
    if (!outcome) throw new Error('the backend gave no outcome');
    if ('error' in outcome) throw new ReplyError(outcome.error);
    return sendJson(res, 200, { result: encodeReply(outcome.reply, base64) });
  }
  const outcomes = await runBatch(options.backend, parseBatch(body), route === 'multi-exec' ? 'multi' : 'pipeline');
  sendJson(
    res,
    200,
    outcomes.map((outcome) => encodeOutcome(outcome, base64)),
  );
}

function encodeOutcome(outcome: Outcome, base64: boolean): { result: EncodedReply } | { error: string } {
  return 'error' in outcome ? { error: outcome.error } : { result: encodeReply(outcome.reply, base64) };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
