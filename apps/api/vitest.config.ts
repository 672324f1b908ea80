import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { rateLimitConfig } from './src/config/rate-limit-config.ts';

/** Fresh keys per run: tests never depend on a committed secret. */
function testSigningKey(kid: string) {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'EdDSA' };
}
const signingKey = testSigningKey('test-current');
// A key "rotated out": its public half still verifies; tests sign with its private half.
const retiredKey = testSigningKey('test-retired');
const { d: _retiredPrivate, ...retiredPublicKey } = retiredKey;

export default defineConfig({
  test: {
    projects: [
      {
        // API tests run inside workerd, the runtime production uses, against a real Redis
        // reached through apps/redis-http (see test/global-setup.ts).
        plugins: [
          cloudflareTest(({ inject }) => {
            const redisHttp = inject('redisHttp');
            return {
              main: './src/worker.ts',
              miniflare: {
                compatibilityDate: '2026-11-01',
                // argon2's .wasm is imported as a compiled module, as wrangler bundles it; without the
                // rule Vite's wasm helper takes the import and tries to read the file inside workerd.
                modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
                bindings: {
                  ENVIRONMENT: 'test',
                  // Where the test app is served (test/test-app.ts): email links point here.
                  APP_URL: 'http://portcullis.test',
                  UPSTASH_REDIS_REST_URL: redisHttp.url,
                  UPSTASH_REDIS_REST_TOKEN: redisHttp.token,
                  JWT_PRIVATE_KEYS: JSON.stringify([signingKey]),
                  JWT_PUBLIC_KEYS: JSON.stringify([retiredPublicKey]),
                  REFRESH_TOKEN_SECRET: randomBytes(32).toString('base64url'),
                  MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
                  TEST_RETIRED_JWK: JSON.stringify(retiredKey),
                  // Every suite shares a few fake client IPs, in parallel and on the real clock: per-IP
                  // request limits would trip across them. src/rate-limits/ and src/lockout/ tests set their own.
                  // Derived from the config, so a new limit cannot be forgotten here.
                  ...Object.fromEntries(
                    Object.keys(rateLimitConfig)
                      .filter((name) => /^RATE_LIMIT_\w+_MAX$/.test(name))
                      .map((name) => [name, '1000000']),
                  ),
                },
              },
            };
          }),
        ],
        test: {
          name: 'workers',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.node.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
        },
      },
      {
        // Things workerd cannot host: the TCP driver, and the Node and Deno entries as processes.
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.node.test.ts', 'test/**/*.node.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
