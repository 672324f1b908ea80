import { defineConfig } from 'vitest/config';

// The tests run the CLI and biome as processes, and one generates into a scratch copy and runs its
// API tests (src/second-resource.test.ts sets its own, longer, timeout).
export default defineConfig({ test: { testTimeout: 60_000 } });
