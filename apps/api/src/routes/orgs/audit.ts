import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { requirePermission } from '../../middleware/require-permission.ts';
import { validate } from '../../middleware/validate.ts';
import { isAuditCursor, listAudit } from '../../orgs/audit-log.ts';

const auditQuery = z.object({
  // Empty is the first page, as if absent (CONTRACT.md writes `?cursor=`).
  cursor: z
    .string()
    .max(41)
    .refine((cursor) => cursor === '' || isAuditCursor(cursor), 'Not a cursor from this API')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** `/api/orgs/:orgId/audit`: who changed what in the org, newest first. */
export const auditRoutes = new Hono<AppEnv>().get(
  '/',
  requirePermission('audit.read'),
  validate('query', auditQuery),
  async (c) => {
    const { cursor, limit } = c.req.valid('query');
    const page = await listAudit(c.get('deps').store, c.get('access').org.id, { before: cursor || null, limit });
    return c.json({ events: page.events, nextCursor: page.next });
  },
);
