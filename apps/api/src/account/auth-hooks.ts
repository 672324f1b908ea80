import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Config } from '../config/config.ts';
import { ApiError } from '../errors/index.ts';
import { requestMeta } from '../sessions/request-meta.ts';
import { userById } from '../users/users.ts';
import { newDeviceEmail, refreshReuseEmail } from './account-emails.ts';
import { afterResponse } from './after-response.ts';
import { noteSignInDevice } from './known-devices.ts';
import { verificationMessage } from './verification.ts';

/*
 * What account security adds to the core auth handlers (routes/auth.ts), one call each. None of
 * them can fail the request: the work runs after the response (see after-response.ts).
 */

interface UserRef {
  id: string;
  email: string;
  name: string;
}

/** Registration: the verification email, and the registering browser becomes a known device. */
export async function afterRegister(c: Context<AppEnv>, user: UserRef): Promise<void> {
  const deps = c.get('deps');
  const { userAgent } = requestMeta(c);
  const now = deps.now();
  await afterResponse(c, 'verification email', async () => {
    await noteSignInDevice(deps, user.id, userAgent, now);
    const issued = await verificationMessage(c, user);
    if (issued.status === 'issued') await deps.mailer.send(issued.message);
  });
}

/** Login: email the user when the browser+OS pair is not among their recent ones. */
export async function afterLogin(c: Context<AppEnv>, user: UserRef): Promise<void> {
  const deps = c.get('deps');
  const meta = requestMeta(c);
  const now = deps.now();
  await afterResponse(c, 'new-device alert', async () => {
    if (!(await noteSignInDevice(deps, user.id, meta.userAgent, now))) return;
    await deps.mailer.send(newDeviceEmail({ to: user.email, name: user.name, circumstances: { ...meta, at: now } }));
  });
}

/** Refresh-token reuse ended every session: tell the user, who may not notice otherwise. */
export async function afterRefreshReuse(c: Context<AppEnv>, userId: string): Promise<void> {
  const deps = c.get('deps');
  const meta = requestMeta(c);
  const now = deps.now();
  await afterResponse(c, 'refresh-reuse alert', async () => {
    const user = await userById(deps.store, userId);
    if (!user) return;
    await deps.mailer.send(refreshReuseEmail({ to: user.email, name: user.name, circumstances: { ...meta, at: now } }));
  });
}

/**
 * With REQUIRE_EMAIL_VERIFICATION, an unverified account may not sign in. Called only after the
 * password checked out, so the answer reveals nothing to someone without it. FORBIDDEN (the
 * contract has no narrower code); the detail is written for the sign-in form.
 */
export function requireVerifiedEmail(config: Config, user: { verified: '0' | '1' }): void {
  if (config.REQUIRE_EMAIL_VERIFICATION && user.verified !== '1') {
    throw new ApiError('FORBIDDEN', {
      detail: 'Confirm your email address before signing in: open the link we emailed you, or ask for a new one.',
    });
  }
}
