import type { Reply } from './backend.ts';

/** A reply as it goes into the JSON body. */
export type EncodedReply = string | number | null | EncodedReply[];

/**
 * Shapes a reply for the JSON body. With `Upstash-Encoding: base64` every string, status replies
 * like `OK` and `PONG` and strings nested in arrays included, is the base64 of its UTF-8 bytes:
 * @upstash/redis decodes every string it finds (only a bare top-level `OK` would survive without),
 * so a plain `PONG` would reach the caller as garbage. Integers and null are left as they are.
 */
export function encodeReply(reply: Reply, base64: boolean): EncodedReply {
  if (reply === null || typeof reply === 'number') return reply;
  if (typeof reply === 'string') return base64 ? Buffer.from(reply, 'utf8').toString('base64') : reply;
  if (Buffer.isBuffer(reply)) return reply.toString(base64 ? 'base64' : 'utf8');
  return reply.map((item) => encodeReply(item, base64));
}
