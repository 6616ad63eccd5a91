import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type QueryObject, readQueryFormat } from '../admin/query-params.js';
import { exportUsageCsv } from '../admin/usage-export.js';
import { parseUsageQuery, parseUsageSummaryQuery, toUsageView } from '../admin/usage-query-params.js';
import { summarizeUsageView, toSummaryCsv } from '../admin/usage-summary-view.js';
import { GatewayError } from '../api/gateway-error.js';
import type { AdminRouteContext } from './admin-route-context.js';

/**
 * `/admin/usage` (records, JSON pages or a streamed CSV export), `/admin/usage/{request id}` (one record with
 * its logged bodies) and `/admin/usage/summary` (aggregates).
 */
export function registerAdminUsageRoutes(app: FastifyInstance, context: AdminRouteContext): void {
  const { store, runtime } = context;

  app.get('/admin/usage', async (request, reply) => {
    const query = request.query as QueryObject;
    const format = readQueryFormat(query);
    const usageQuery = parseUsageQuery(query);
    if (format === 'csv') {
      const chunks = await exportUsageCsv(store, usageQuery);
      return sendCsv(reply, 'usage.csv', Readable.from(chunks));
    }
    const page = await store.queryUsage(usageQuery);
    return { object: 'list', data: page.data.map(toUsageView), next_cursor: page.nextCursor };
  });

  // One request's record and, when prompt logging kept them, its bodies (the console's log detail).
  app.get('/admin/usage/:requestId', async (request) => {
    const { requestId } = request.params as { requestId: string };
    const page = await store.queryUsage({ requestId, limit: 1 });
    const record = page.data[0];
    if (!record) throw new GatewayError('not_found', `No usage record for request ${requestId}.`);
    // Logged prompts and answers may hold anything a user typed: only role admin reads them.
    const bodies = await store.findRequestBodies(requestId);
    const withheld = bodies !== null && request.admin?.role !== 'admin';
    return { ...toUsageView(record), bodies: withheld ? null : bodies, bodies_withheld: withheld };
  });

  app.get('/admin/usage/summary', async (request, reply) => {
    const query = request.query as QueryObject;
    const format = readQueryFormat(query);
    const summary = await summarizeUsageView(store, parseUsageSummaryQuery(query), runtime.currency);
    if (format === 'csv') return sendCsv(reply, 'usage-summary.csv', toSummaryCsv(summary.data));
    return summary;
  });
}

function sendCsv(reply: FastifyReply, fileName: string, body: string | Readable): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(body);
}
