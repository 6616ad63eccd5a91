import type { FastifyInstance } from 'fastify';
import { type AdminRouteContext, adminActor } from './admin-route-context.js';

/** `/admin/admin-keys`: keys for the admin API itself, role `admin` or `viewer` (read-only). */
export function registerAdminAdminKeyRoutes(app: FastifyInstance, context: AdminRouteContext): void {
  const service = context.services.adminKeys;

  app.post('/admin/admin-keys', async (request, reply) => {
    const body = request.body;
    const input =
      body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const created = await service.create(input, adminActor(request), context.now());
    reply.code(201);
    return created;
  });

  app.get('/admin/admin-keys', async (request) => {
    const query = request.query as { include_revoked?: string };
    return { object: 'list', data: await service.list(query.include_revoked === 'true') };
  });

  app.delete('/admin/admin-keys/:id', async (request) => {
    const { id } = request.params as { id: string };
    return { ...(await service.revoke(id, adminActor(request), context.now())), deleted: true };
  });
}
