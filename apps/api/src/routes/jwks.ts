import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

export const jwks = new Hono<AppEnv>().get('/jwks.json', async (c) => {
  const { signing } = await c.get('deps').secrets;
  // Public keys change only on rotation; let verifiers cache briefly.
  c.header('Cache-Control', 'public, max-age=300');
  return c.json(signing.jwks);
});
