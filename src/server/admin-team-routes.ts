import type { FastifyInstance } from 'fastify';
import { readPageRequest } from '../admin/list-paging.js';
import { type QueryObject, readQueryBoolean, readQueryText } from '../admin/query-params.js';
import { type AdminRouteContext, adminActor } from './admin-route-context.js';

/** `/admin/teams` and their members. Budgets and grants of a team are in admin-billing-routes.ts. */
export function registerAdminTeamRoutes(app: FastifyInstance, context: AdminRouteContext): void {
  const { services, now } = context;

  app.post('/admin/teams', async (request, reply) => {
    const created = await services.teams.create(request.body, adminActor(request), now());
    reply.code(201);
    return created;
  });

  app.get('/admin/teams', async (request) => {
    const query = request.query as QueryObject;
    const page = await services.teams.list(
      {
        search: readQueryText(query, 'search'),
        includeDeleted: readQueryBoolean(query, 'include_deleted'),
        page: readPageRequest(query),
      },
      now(),
    );
    return { object: 'list', data: page.data, next_cursor: page.nextCursor };
  });

  app.get('/admin/teams/:id', async (request) => {
    const { id } = request.params as { id: string };
    return services.teams.get(id, now());
  });

  app.patch('/admin/teams/:id', async (request) => {
    const { id } = request.params as { id: string };
    return services.teams.update(id, request.body, adminActor(request), now());
  });

  app.post('/admin/teams/:id/disable', async (request) => {
    const { id } = request.params as { id: string };
    return services.teams.setDisabled(id, true, adminActor(request), now());
  });

  app.post('/admin/teams/:id/enable', async (request) => {
    const { id } = request.params as { id: string };
    return services.teams.setDisabled(id, false, adminActor(request), now());
  });

  app.delete('/admin/teams/:id', async (request) => {
    const { id } = request.params as { id: string };
    const deleted = await services.teams.delete(id, adminActor(request), now());
    return { ...deleted, deleted: true };
  });

  app.get('/admin/teams/:id/members', async (request) => {
    const { id } = request.params as { id: string };
    return { object: 'list', data: await services.teams.listMembers(id), next_cursor: null };
  });

  app.put('/admin/teams/:id/members/:member', async (request) => {
    const { id, member } = request.params as { id: string; member: string };
    return services.teams.putMember(id, member, request.body, adminActor(request), now());
  });

  app.delete('/admin/teams/:id/members/:member', async (request) => {
    const { id, member } = request.params as { id: string; member: string };
    await services.teams.removeMember(id, member, adminActor(request), now());
    return { object: 'team_member', member, deleted: true };
  });
}
