import { env } from 'cloudflare:workers';
import { inject } from 'vitest';
import { describeStoreDriver } from '../../test/driver-suite.ts';
import { createRestStore } from './rest-store.ts';

describeStoreDriver('rest (@upstash/redis) in workerd', {
  live: async () =>
    createRestStore({
      url: env.UPSTASH_REDIS_REST_URL,
      token: env.UPSTASH_REDIS_REST_TOKEN,
      timeoutMs: 1500,
    }),
  // An endpoint that accepts connections and never answers: only the deadline can end the wait.
  dead: () => createRestStore({ url: inject('hangingUrl'), token: 'x', timeoutMs: 500 }),
});
