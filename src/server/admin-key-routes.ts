import type { FastifyInstance } from 'fastify';
import { readPageRequest } from '../admin/list-paging.js';
import { type QueryObject, readQueryBoolean, readQueryText } from '../admin/query-params.js';
import { type AdminRouteContext, adminActor } from './admin-route-context.js';

/** `/admin/keys`: client keys. Budgets and grants of a key are in admin-billing-routes.ts. */
export function registerAdminKeyRoutes(app: FastifyInstance, context: AdminRouteContext): void {
  const { services, now } = context;

  app.post('/admin/keys', async (request, reply) => {
    const created = await services.keys.create(request.body, adminActor(request), now());
    reply.code(201);
    return created;
  });

  app.get('/admin/keys', async (request) => {
    const query = request.query as QueryObject;
    const page = await services.keys.list(
      {
        search: readQueryText(query, 'search'),
        teamId: readQueryText(query, 'team_id'),
        includeRevoked: readQueryBoolean(query, 'include_revoked'),
        page: readPageRequest(query),
      },
      now(),
    );
    return { object: 'list', data: page.data, next_cursor: page.nextCursor };
  });

  app.get('/admin/keys/:id', async (request) => {
    const { id } = request.params as { id: string };
    return services.keys.get(id, now());
  });

  app.patch('/admin/keys/:id', async (request) => {
    const { id } = request.params as { id: string };
    return services.keys.update(id, request.body, adminActor(request), now());
  });

  app.post('/admin/keys/:id/disable', async (request) => {
    const { id } = request.params as { id: string };
    return services.keys.setDisabled(id, true, adminActor(request), now());
  });

  app.post('/admin/keys/:id/enable', async (request) => {
    const { id } = request.params as { id: string };
    return services.keys.setDisabled(id, false, adminActor(request), now());
  });

  // Revocation is final; `disable` is the reversible way to stop a key.
  app.delete('/admin/keys/:id', async (request) => {
    const { id } = request.params as { id: string };
    const revoked = await services.keys.revoke(id, adminActor(request), now());
    return { ...revoked, deleted: true };
  });
}
