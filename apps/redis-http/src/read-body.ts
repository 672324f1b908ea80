import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.ts';

/** Reads a request body as UTF-8, refusing with 413 once it grows past `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = new HttpError(413, `ERR request body exceeds ${limit} bytes`);
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw tooLarge;
    chunks.push(buffer);
  }
  // Decoding once at the end keeps multi-byte characters split across chunks intact.
  return Buffer.concat(chunks).toString('utf8');
}
