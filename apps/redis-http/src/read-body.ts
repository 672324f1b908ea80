import type { IncomingMessage } from 'node:http';

/** The request stream broke off: the client is gone and there is no one to answer. */
export class RequestAbortedError extends Error {
  override name = 'RequestAbortedError';
}

/**
 * Reads a request body as UTF-8; `null` when it is larger than `limit` bytes. The body is always
 * read to its end, the excess discarded: answering before the client has finished sending makes
 * Node reset the connection, and the client would see ECONNRESET instead of our status.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size <= limit) chunks.push(buffer);
    }
  } catch (error) {
    throw new RequestAbortedError('the client went away while sending the request', { cause: error });
  }
  // Decoding once at the end keeps multi-byte characters split across chunks intact.
  return size > limit ? null : Buffer.concat(chunks).toString('utf8');
}
