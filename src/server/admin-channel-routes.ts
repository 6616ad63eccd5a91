import type { FastifyInstance } from 'fastify';
import { readPageRequest } from '../admin/list-paging.js';
import { type QueryObject, readQueryText } from '../admin/query-params.js';
import { type AdminRouteContext, adminActor } from './admin-route-context.js';

/**
 * `/admin/channels`: channels made through the API plus the YAML's (read-only, id `cfg_<name>`), each with
 * its health. Credentials go in and never come out: views carry key hints and header names only.
 */
export function registerAdminChannelRoutes(app: FastifyInstance, context: AdminRouteContext): void {
  const { services, now } = context;

  app.post('/admin/channels', async (request, reply) => {
    const created = await services.channels.create(request.body, adminActor(request), now());
    reply.code(201);
    return created;
  });

  app.get('/admin/channels', async (request) => {
    const query = request.query as QueryObject;
    const page = await services.channels.list({
      search: readQueryText(query, 'search'),
      page: readPageRequest(query),
    });
    return { object: 'list', data: page.data, next_cursor: page.nextCursor };
  });

  app.get('/admin/channels/:id', async (request) => {
    const { id } = request.params as { id: string };
    return services.channels.get(id);
  });

  app.patch('/admin/channels/:id', async (request) => {
    const { id } = request.params as { id: string };
    return services.channels.update(id, request.body, adminActor(request), now());
  });

  app.post('/admin/channels/:id/disable', async (request) => {
    const { id } = request.params as { id: string };
    return services.channels.setDisabled(id, true, adminActor(request), now());
  });

  app.post('/admin/channels/:id/enable', async (request) => {
    const { id } = request.params as { id: string };
    return services.channels.setDisabled(id, false, adminActor(request), now());
  });

  app.delete('/admin/channels/:id', async (request) => {
    const { id } = request.params as { id: string };
    const deleted = await services.channels.delete(id, adminActor(request), now());
    return { ...deleted, deleted: true };
  });

  app.post('/admin/channels/:id/test', async (request) => {
    const { id } = request.params as { id: string };
    const result = await services.channels.test(id);
    return {
      object: 'channel_test',
      ok: result.ok,
      latency_ms: result.latencyMs,
      status: result.status,
      model: result.model,
      ...(result.error === null ? {} : { error: result.error }),
    };
  });

  app.post('/admin/channels/:id/keys/:index/enable', async (request) => {
    const { id, index } = request.params as { id: string; index: string };
    return services.channels.enableKey(id, index, adminActor(request), now());
  });
}
