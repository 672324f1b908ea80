/** One email as the API composes it: plain text for every client, simple HTML for most. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The links the message carries (also inside text and html), for the dev outbox and tests. */
  links?: string[];
}

/**
 * Where email goes. Production posts to an HTTP email API; development and tests keep messages
 * in a Redis outbox that `GET /api/dev/outbox` shows. `send` rejects when the message was not
 * accepted; callers run it after the response and log the failure (see account/after-response.ts).
 */
export interface Mailer {
  readonly kind: 'http' | 'outbox';
  send(message: MailMessage): Promise<void>;
}
