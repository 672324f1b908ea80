import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app-env.ts';
import { readOutbox } from '../mail/outbox-mailer.ts';
import { validate } from '../middleware/validate.ts';
import { emailSchema } from '../users/user.ts';

/** Development-only endpoints (the outbox). Never mounted when ENVIRONMENT=production. */
export const dev = new Hono<AppEnv>().get('/outbox', validate('query', z.object({ to: emailSchema })), async (c) => {
  const deps = c.get('deps');
  const messages = await readOutbox(deps.store, c.req.valid('query').to, deps.config.DEV_OUTBOX_MAX_MESSAGES);
  return c.json({ messages: messages.map(({ to, subject, text, links }) => ({ to, subject, text, links })) });
});
