import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether an `Authorization` header carries `Bearer <token>`. */
export function isAuthorized(header: string | undefined, token: string): boolean {
  const presented = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1] ?? '';
  // Compare in constant time so response timing does not reveal how much of a guess was right;
  // hashing first gives timingSafeEqual the equal lengths it needs without leaking the length.
  return timingSafeEqual(digest(presented), digest(token)) && presented !== '';
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
