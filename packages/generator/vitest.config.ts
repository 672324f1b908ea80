import { defineConfig } from 'vitest/config';

// The tests run the CLI and biome as processes, and one generates into a scratch copy and runs its
// API tests (src/second-resource.test.ts sets its own, longer, timeout).
// fixtures/ holds files copied into a scratch copy's API, where they run; not here.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 60_000 } });
