import type { FastifyInstance } from 'fastify';
import type { AdminKeyRegistry, AuthenticatedAdmin } from '../admin/admin-key-registry.js';
import type { ApiKeyService } from '../admin/api-key-service.js';
import { parseUsageQuery, toUsageView } from '../admin/usage-query-params.js';
import { AuthError, GatewayError } from '../api/gateway-error.js';
import type { Store } from '../store/store.js';
import { sendError } from './render-error.js';

export interface AdminDependencies {
  admins: AdminKeyRegistry;
  apiKeys: ApiKeyService;
  store: Store;
  log: { warn(object: object, message: string): void; error(object: object, message: string): void };
}

declare module 'fastify' {
  interface FastifyRequest {
    admin: AuthenticatedAdmin | null;
  }
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * `/admin/*`, registered as an encapsulated plugin so its auth hook is attached to these routes
 * themselves, not to a URL prefix test (STYLE: authorize on the route, not on the URL text).
 */
export async function registerAdminRoutes(app: FastifyInstance, deps: AdminDependencies): Promise<void> {
  app.decorateRequest('admin', null);
  app.addHook('onRequest', (request, reply, done) => {
    const header = request.headers.authorization;
    const admin =
      typeof header === 'string' && header.startsWith('Bearer ')
        ? deps.admins.authenticate(header.slice(7).trim())
        : null;
    if (!admin) return sendError(request, reply, new AuthError('A valid admin key is required.'), deps.log);
    if (admin.role !== 'admin' && !READ_METHODS.has(request.method)) {
      return sendError(
        request,
        reply,
        new GatewayError('permission_denied', 'This admin key is read-only (role viewer).'),
        deps.log,
      );
    }
    request.admin = admin;
    done();
  });
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error, deps.log));

  app.post('/admin/keys', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const created = await deps.apiKeys.create({ name: body.name, models: body.models });
    reply.code(201);
    return created;
  });

  app.get('/admin/keys', async (request) => {
    const query = request.query as { include_revoked?: string };
    return { object: 'list', data: await deps.apiKeys.list(query.include_revoked === 'true') };
  });

  app.delete('/admin/keys/:id', async (request) => {
    const { id } = request.params as { id: string };
    const revoked = await deps.apiKeys.revoke(id);
    return { ...revoked, deleted: true };
  });

  app.get('/admin/usage', async (request) => {
    const query = parseUsageQuery(request.query as Record<string, unknown>);
    const page = await deps.store.queryUsage(query);
    return { object: 'list', data: page.data.map(toUsageView), next_cursor: page.nextCursor };
  });
}
