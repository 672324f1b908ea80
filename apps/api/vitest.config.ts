import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

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
                bindings: {
                  ENVIRONMENT: 'test',
                  UPSTASH_REDIS_REST_URL: redisHttp.url,
                  UPSTASH_REDIS_REST_TOKEN: redisHttp.token,
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
