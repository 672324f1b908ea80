/** A Redis error reply such as `ERR syntax error` or `NOSCRIPT …`; its message reaches the client as is. */
export class ReplyError extends Error {
  override name = 'ReplyError';
}

/** A request refused before it reaches Redis; the message is the `error` of the JSON body. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}
