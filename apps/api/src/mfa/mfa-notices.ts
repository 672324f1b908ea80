import type { Context } from 'hono';
import { recoveryCodeUsedEmail, secondFactorChangedEmail } from '../account/account-emails.ts';
import { afterResponse } from '../account/after-response.ts';
import type { AppEnv } from '../app-env.ts';
import { requestMeta } from '../sessions/request-meta.ts';

/*
 * The emails of second factors, sent after the response (account/after-response.ts): never a
 * reason for the request to fail or wait.
 */

interface Recipient {
  email: string;
  name: string;
}

/** A second factor was added or removed: `factor` as the email names it ("a passkey"). */
export async function noticeSecondFactorChange(
  c: Context<AppEnv>,
  user: Recipient,
  change: 'added' | 'removed',
  factor: string,
): Promise<void> {
  const deps = c.get('deps');
  const circumstances = { ...requestMeta(c), at: deps.now() };
  const message = secondFactorChangedEmail({ to: user.email, name: user.name, change, factor, circumstances });
  await afterResponse(c, `second factor ${change} notice`, () => deps.mailer.send(message));
}

/** A recovery code was spent: `left` remain. */
export async function noticeRecoveryCodeUsed(c: Context<AppEnv>, user: Recipient, left: number): Promise<void> {
  const deps = c.get('deps');
  const circumstances = { ...requestMeta(c), at: deps.now() };
  const message = recoveryCodeUsedEmail({ to: user.email, name: user.name, left, circumstances });
  await afterResponse(c, 'recovery code notice', () => deps.mailer.send(message));
}
