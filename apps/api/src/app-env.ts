import type { Context } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';
import type { Config } from './config/config.ts';
import type { Mailer } from './mail/mailer.ts';
import type { PasswordHasher } from './password/password-hasher.ts';
import type { Store } from './store/store.ts';
import type { SigningKeys } from './tokens/signing-keys.ts';

/** Key material imported once per isolate/process (WebCrypto import is async). */
export interface Secrets {
  signing: SigningKeys;
  refreshKey: CryptoKey;
  /** Signs device cookies (tokens/device-cookie.ts); derived from REFRESH_TOKEN_SECRET. */
  deviceKey: CryptoKey;
  /** Seals TOTP secrets at rest (mfa/secret-box.ts); from MFA_ENCRYPTION_KEY. */
  mfaKey: CryptoKey;
}

/** What every request handler can reach; built once per isolate/process by an entry. */
export interface Deps {
  config: Config;
  store: Store;
  hasher: PasswordHasher;
  /** Outbox in development and test, the mail API in production (mail/mailer-from-config.ts). */
  mailer: Mailer;
  secrets: Promise<Secrets>;
  /** Milliseconds since the epoch. Injected so tests move time instead of sleeping. */
  now: () => number;
  /**
   * The client's IP as this runtime can know it. Workers: CF-Connecting-IP, which Cloudflare's edge
   * (locally, the one of scripts/lib/local-edge.ts) sets from the socket. Node and Deno: the
   * socket's peer address — never a header a client could set.
   */
  clientIp: (c: Context) => string | null;
}

export interface Authenticated {
  userId: string;
  sessionId: string;
  /** When this session last proved a credential (ms): sign-in or re-authentication (step-up). */
  provedAt: number;
  user: {
    email: string;
    name: string;
    platformRole: 'admin' | 'user';
    emailVerified: boolean;
    permissionsVersion: string;
    /** Epoch ms. */
    createdAt: number;
    /** False for an account made from a provider until its user sets a password (reset flow). */
    hasPassword: boolean;
  };
}

export interface AppEnv {
  Variables: RequestIdVariables & {
    deps: Deps;
    /** The caller, once authenticated (middleware/authenticate.ts). */
    auth: Authenticated;
  };
}
