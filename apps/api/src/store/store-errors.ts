/** Redis could not be reached, or did not answer in time. Maps to 503 `STORE_UNAVAILABLE`. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** Redis answered with an error reply (a bug on our side: wrong type, bad script). */
export class StoreCommandError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreCommandError';
  }
}

/**
 * Codes with which Redis answers "not now" rather than "that command is wrong": still loading its
 * data after a restart, busy running a script past its time limit, a replica cut off from its
 * primary, a cluster slot on the move. The command did not run; a later try may succeed.
 */
const NOT_NOW = new Set(['LOADING', 'BUSY', 'MASTERDOWN', 'TRYAGAIN', 'CLUSTERDOWN']);

/**
 * A Redis error reply in our vocabulary: `StoreUnavailableError` (503) when Redis said it cannot
 * serve right now, else `StoreCommandError` (a bug on our side: 500).
 */
export function replyError(message: string, cause?: unknown): StoreCommandError | StoreUnavailableError {
  const code = /^[A-Z]+/.exec(message)?.[0] ?? '';
  return NOT_NOW.has(code)
    ? new StoreUnavailableError(`Redis cannot serve now: ${message}`, { cause })
    : new StoreCommandError(message, { cause });
}

/** True for text shaped like a Redis error reply: an upper-case code, then the message (`ERR …`). */
export function isRedisErrorReply(text: string): boolean {
  return /^[A-Z][A-Z0-9_]*( |$)/.test(text);
}

/** True when a Redis error reply means "that script is not cached yet". */
export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.includes('NOSCRIPT');
}
