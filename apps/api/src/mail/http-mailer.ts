import { toSingleLine } from '@portcullis/permissions';
import type { Mailer, MailMessage } from './mailer.ts';

export interface HttpMailerOptions {
  /** A Resend-compatible endpoint: `POST` JSON `{ from, to: [..], subject, text, html }`. */
  url: string;
  apiKey: string;
  from: string;
  timeoutMs: number;
  /** Injected so tests can see the request without a network. */
  fetch?: typeof fetch;
}

/** Thrown when the mail API refuses or does not answer; never carries the API key. */
export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
}

/**
 * Production mailer: one `fetch` per message to a Resend-compatible API (Resend itself, or any
 * provider or relay speaking the same JSON). No retries here: a send runs after the response and
 * a retried POST could deliver twice; the failure is logged instead.
 */
export function createHttpMailer(options: HttpMailerOptions): Mailer {
  const doFetch = options.fetch ?? fetch;
  return {
    kind: 'http',
    async send(message: MailMessage): Promise<void> {
      let response: Response;
      try {
        response = await doFetch(options.url, {
          method: 'POST',
          headers: { Authorization: `Bearer ${options.apiKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            from: options.from,
            to: [message.to],
            // The provider writes the subject into a header: a CR/LF from a name in it (one
            // stored before names were checked) would start a header of its own.
            subject: toSingleLine(message.subject),
            text: message.text,
            html: message.html,
          }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw new MailDeliveryError(`mail API unreachable: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!response.ok) {
        // The provider's answer says why (unverified domain, bad key…): bounded, and scrubbed of
        // our key in case a relay echoes the request back.
        const detail = (await response.text().catch(() => '')).slice(0, 300).replaceAll(options.apiKey, '[key]');
        throw new MailDeliveryError(`mail API answered ${response.status}: ${detail}`);
      }
      // Let the runtime release the connection.
      await response.body?.cancel();
    },
  };
}
