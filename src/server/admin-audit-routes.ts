import type { FastifyInstance } from 'fastify';
import { parseAuditQuery } from '../admin/audit-query-params.js';
import { toAuditView } from '../admin/audit-recorder.js';
import type { QueryObject } from '../admin/query-params.js';
import type { AdminRouteContext } from './admin-route-context.js';

/** `/admin/audit`: every admin change, newest first. */
export function registerAdminAuditRoutes(app: FastifyInstance, context: AdminRouteContext): void {
  app.get('/admin/audit', async (request) => {
    const page = await context.store.queryAudit(parseAuditQuery(request.query as QueryObject));
    return { object: 'list', data: page.data.map(toAuditView), next_cursor: page.nextCursor };
  });
}
