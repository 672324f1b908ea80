import type { Context } from 'hono';
import type { Deps } from './app-env.ts';
import { loadConfig } from './config/config.ts';
import { mailerFromConfig } from './mail/mailer-from-config.ts';
import { importMfaKey } from './mfa/secret-box.ts';
import { deriveDeviceKey } from './rate-limits/device-cookie.ts';
import { createRestStore } from './store/rest-store.ts';
import { importRefreshKey } from './tokens/refresh-token.ts';
import { loadSigningKeys } from './tokens/signing-keys.ts';

/**
 * Cloudflare's edge sets CF-Connecting-IP on every request that reaches a Worker, replacing any value
 * the client sent. Under `wrangler dev` the local edge of `pnpm start`/`pnpm dev` does the same
 * (scripts/lib/local-edge.ts): wrangler alone would keep the client's.
 */
export const cloudflareClientIp = (c: Context): string | null => c.req.header('CF-Connecting-IP') ?? null;

/**
 * Dependencies from environment bindings. The runtime-specific parts (how argon2's wasm is loaded,
 * where the client IP comes from, a TCP store) are passed in by the entry.
 */
export function depsFromEnv(
  env: Record<string, unknown>,
  runtime: Pick<Deps, 'hasher'> & Partial<Pick<Deps, 'store' | 'clientIp' | 'now'>>,
): Deps {
  const config = loadConfig(env);
  const secrets = (async () => {
    const refreshKey = await importRefreshKey(config.REFRESH_TOKEN_SECRET);
    return {
      signing: await loadSigningKeys(config),
      refreshKey,
      deviceKey: await deriveDeviceKey(refreshKey),
      mfaKey: await importMfaKey(config.MFA_ENCRYPTION_KEY),
    };
  })();
  // Surfaced by the first request that awaits it; avoid an unhandled-rejection crash before that.
  secrets.catch(() => {});
  const store =
    runtime.store ??
    createRestStore({
      // loadConfig guarantees both when REDIS_URL is absent.
      url: config.UPSTASH_REDIS_REST_URL ?? '',
      token: config.UPSTASH_REDIS_REST_TOKEN ?? '',
      timeoutMs: config.STORE_TIMEOUT_MS,
    });
  return {
    config,
    store,
    hasher: runtime.hasher,
    mailer: mailerFromConfig(config, store),
    secrets,
    now: runtime.now ?? Date.now,
    clientIp: runtime.clientIp ?? cloudflareClientIp,
  };
}
