/** A command as it arrives over HTTP: the name, then its arguments, all strings. */
export type Command = readonly [name: string, ...args: string[]];

/** A Redis reply as RESP2 shapes it; `Buffer` for bulk strings read as raw bytes. */
export type Reply = string | Buffer | number | null | readonly Reply[];

/** What one command of a batch came to: a reply, or the text of a Redis error reply. */
export type Outcome = { readonly reply: Reply } | { readonly error: string };

export type BackendKind = 'redis' | 'embedded';

export interface Backend {
  readonly kind: BackendKind;
  /**
   * Runs the commands in order. `multi` runs them as one transaction: nothing else interleaves,
   * and a command refused before execution (unknown, wrong arity) discards the whole batch by
   * throwing a `ReplyError` starting with `EXECABORT`. Any other throw means the backend itself
   * failed (connection lost) and no outcome is known.
   */
  exec(commands: readonly Command[], mode: 'pipeline' | 'multi'): Promise<Outcome[]>;
  close(): Promise<void>;
}
