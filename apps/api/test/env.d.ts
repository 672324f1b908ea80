declare namespace Cloudflare {
  /** The bindings vitest.config.ts gives the test worker. */
  interface Env {
    ENVIRONMENT: string;
    UPSTASH_REDIS_REST_URL: string;
    UPSTASH_REDIS_REST_TOKEN: string;
    JWT_PRIVATE_KEYS: string;
    JWT_PUBLIC_KEYS: string;
    REFRESH_TOKEN_SECRET: string;
    MFA_ENCRYPTION_KEY: string;
    TEST_RETIRED_JWK: string;
  }
}
