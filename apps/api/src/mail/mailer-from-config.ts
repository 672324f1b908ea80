import type { Config } from '../config/config.ts';
import type { Store } from '../store/store.ts';
import { createHttpMailer } from './http-mailer.ts';
import type { Mailer } from './mailer.ts';
import { createOutboxMailer } from './outbox-mailer.ts';

/**
 * Production sends through the mail API; development and test never send real mail and keep it
 * in the outbox instead. loadConfig has already refused a production config without a key.
 */
export function mailerFromConfig(config: Config, store: Store, doFetch?: typeof fetch): Mailer {
  if (config.ENVIRONMENT === 'production') {
    if (!config.MAIL_API_KEY || !config.MAIL_FROM) {
      throw new Error('Portcullis sends email in production: set MAIL_API_KEY and MAIL_FROM.');
    }
    return createHttpMailer({
      url: config.MAIL_API_URL,
      apiKey: config.MAIL_API_KEY,
      from: config.MAIL_FROM,
      timeoutMs: config.MAIL_TIMEOUT_MS,
      ...(doFetch ? { fetch: doFetch } : {}),
    });
  }
  return createOutboxMailer(store, { max: config.DEV_OUTBOX_MAX_MESSAGES, ttlSeconds: config.DEV_OUTBOX_TTL_SECONDS });
}
