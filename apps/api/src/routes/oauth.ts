import { type Context, Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { authenticate } from '../middleware/authenticate.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { requireRecentAuth } from '../middleware/require-recent-auth.ts';
import { validate } from '../middleware/validate.ts';
import { clearFlowCookie, readFlowCookies, setFlowCookie } from '../oauth/flow-cookie.ts';
import { listIdentities, toPublicIdentity, unlinkIdentity } from '../oauth/identities.ts';
import { OAuthFailure } from '../oauth/oauth-failure.ts';
import { type Flow, finishFlow, flowSecrets, newState, saveFlowState } from '../oauth/oauth-flows.ts';
import { findProvider, providerClient, providerName } from '../oauth/provider-clients.ts';
import { linkProviderIdentity, signInWithProvider } from '../oauth/provider-sign-in.ts';
import { sameOriginPath } from '../oauth/safe-next.ts';
import { constantTimeEqual } from '../password/constant-time-equal.ts';
import { requestMeta } from '../sessions/request-meta.ts';
import { securityEvent } from '../sessions/security-event.ts';

const providerParam = z.object({ provider: z.string().min(1).max(32) });
const idParam = z.object({ id: z.string().min(1).max(64) });
const encoder = new TextEncoder();

/** The configured provider of the path, or 404. */
function configuredProvider(c: Context<AppEnv>, id: string) {
  const provider = findProvider(c.var.deps.config, id);
  if (!provider) throw new ApiError('NOT_FOUND', { detail: 'No such sign-in provider.' });
  return provider;
}

/** Starts a flow and answers the provider's authorization URL, with the flow cookie set. */
async function beginFlow(c: Context<AppEnv>, providerId: string, flow: Omit<Flow, 'provider'>): Promise<string> {
  const deps = c.var.deps;
  const client = providerClient(deps.config, configuredProvider(c, providerId));
  const ttlSeconds = deps.config.OAUTH_FLOW_TTL_SECONDS;
  const state = newState();
  // The provider's URL first: when it cannot be discovered, nothing is stored and no cookie set.
  const url = await client.authorizationUrl(await flowSecrets((await deps.secrets).refreshKey, state));
  await saveFlowState(deps.store, state, { ...flow, provider: providerId }, { now: deps.now(), ttlSeconds });
  setFlowCookie(c, state, ttlSeconds);
  return url.toString();
}

/** Where a failed flow sends the browser: the sign-in page, or the security page for a link. */
const failurePage = (code: string, link: boolean) => `/${link ? 'security' : 'login'}?error=${code}`;

/**
 * Social and enterprise sign-in (CONTRACT.md, "Social and enterprise sign-in"), under /api/auth:
 * the provider list, the redirect out, the callback, linking from a signed-in session, and the
 * user's identities.
 */
export const oauthRoutes = new Hono<AppEnv>()
  .get('/providers', (c) => {
    const providers = c.var.deps.config.AUTH_PROVIDERS.map((provider) => ({
      id: provider.id,
      name: providerName(provider),
      type: provider.type,
    }));
    return c.json({ providers });
  })

  .get('/oauth/:provider/start', rateLimit('oauth'), validate('param', providerParam), async (c) => {
    const { provider } = c.req.valid('param');
    configuredProvider(c, provider);
    // `next` that is not a path on this origin is ignored, not refused: the sign-in still works.
    const next = sameOriginPath(c.req.query('next')) ?? '';
    try {
      return c.redirect(await beginFlow(c, provider, { next, linkUserId: '', linkSessionId: '' }), 302);
    } catch (error) {
      if (!(error instanceof OAuthFailure)) throw error;
      return c.redirect(failurePage(error.code, false), 302);
    }
  })

  .post(
    '/oauth/:provider/link',
    rateLimit('oauth'),
    authenticate,
    // A new way into the account: like adding a passkey, it wants a recent proof of identity, so
    // a stolen access token alone cannot add the thief's own GitHub account for later.
    requireRecentAuth,
    validate('param', providerParam),
    validate('json', z.object({ next: z.string().max(2048).optional() }).default({})),
    async (c) => {
      const { provider } = c.req.valid('param');
      const { userId, sessionId } = c.var.auth;
      const next = sameOriginPath(c.req.valid('json').next) ?? '';
      try {
        return c.json({ url: await beginFlow(c, provider, { next, linkUserId: userId, linkSessionId: sessionId }) });
      } catch (error) {
        if (error instanceof OAuthFailure && error.code === 'provider-unavailable') {
          throw new ApiError('STORE_UNAVAILABLE', {
            detail: 'The sign-in provider cannot be reached; try again later.',
          });
        }
        throw error;
      }
    },
  )

  .get('/oauth/:provider/callback', rateLimit('oauth'), validate('param', providerParam), async (c) => {
    const deps = c.var.deps;
    const { provider } = c.req.valid('param');
    const state = c.req.query('state') ?? '';
    const cookies = readFlowCookies(c);
    clearFlowCookie(c);
    let flow: Flow | null = null;
    try {
      // The state must come back to the browser that started the flow (the cookie), and be one we
      // issued and have not seen back yet (taken from Redis: a replay finds nothing).
      const [cookie, ...tossed] = cookies;
      const bound =
        cookie !== undefined &&
        tossed.length === 0 &&
        state !== '' &&
        constantTimeEqual(encoder.encode(cookie), encoder.encode(state));
      flow = bound ? await finishFlow(deps.store, state, deps.now()) : null;
      if (!flow || flow.provider !== provider) throw new OAuthFailure('invalid-state');
      const client = providerClient(deps.config, configuredProvider(c, provider));
      const profile = await client.profile(
        new URL(c.req.url),
        await flowSecrets((await deps.secrets).refreshKey, state),
      );
      const to = flow.linkUserId
        ? await linkProviderIdentity(c, {
            provider,
            profile,
            userId: flow.linkUserId,
            sessionId: flow.linkSessionId,
            next: flow.next,
          })
        : await signInWithProvider(c, { provider, profile, next: flow.next });
      return c.redirect(to, 302);
    } catch (error) {
      // The browser arrived by navigation: whatever went wrong, it lands on a page that says so.
      if (!(error instanceof OAuthFailure) || error.code === 'server-error') {
        console.error('oauth callback failed', { provider, requestId: c.var.requestId, error });
      }
      const code = error instanceof OAuthFailure ? error.code : 'server-error';
      return c.redirect(failurePage(code, Boolean(flow?.linkUserId)), 302);
    }
  })

  .get('/identities', authenticate, async (c) => {
    const { deps, auth } = c.var;
    const identities = await listIdentities(deps.store, auth.userId);
    return c.json({ identities: identities.map(toPublicIdentity) });
  })

  .delete('/identities/:id', authenticate, requireRecentAuth, validate('param', idParam), async (c) => {
    const { deps, auth } = c.var;
    const identityId = c.req.valid('param').id;
    const removed = await unlinkIdentity(deps.store, {
      userId: auth.userId,
      identityId,
      event: securityEvent('identity.unlinked', deps.now(), requestMeta(c), { identityId }),
    });
    if (removed.status === 'missing') throw new ApiError('NOT_FOUND', { detail: 'No such connected account.' });
    if (removed.status === 'last') {
      throw new ApiError('CONFLICT', {
        detail: 'This is your only way to sign in: set a password or add a passkey before you disconnect it.',
      });
    }
    return c.body(null, 204);
  });
