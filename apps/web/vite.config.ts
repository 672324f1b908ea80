import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  server: {
    // `pnpm dev` runs the API under wrangler dev; same-origin /api keeps cookies SameSite=Strict.
    proxy: { '/api': process.env.PORTCULLIS_API_URL ?? 'http://127.0.0.1:8787' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'src/**/*.spec.ts'],
  },
});
