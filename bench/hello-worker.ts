/**
 * The workerd baseline for `pnpm bench`: a bare Hono app with one route, run by `wrangler dev`
 * exactly like the API Worker (same compatibility date), so that the API's numbers can be read as
 * a fraction of what the runtime and Hono alone can do on this machine.
 */
import { Hono } from 'hono';

export default new Hono().get('/hello', (c) => c.text('hello'));
