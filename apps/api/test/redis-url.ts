/** The real Redis the suites run against: REDIS_URL, or the one on the default local port. */
export const redisUrl: string = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
