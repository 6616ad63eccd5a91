import type { FastifyInstance } from 'fastify';
import { AuthError } from '../api/gateway-error.js';

/**
 * `GET /admin/me`: who the presented admin key is, so the console can show the role and hide what a
 * viewer may not do (the API enforces it regardless). Name and role only, never key material.
 */
export function registerAdminMeRoute(app: FastifyInstance): void {
  app.get('/admin/me', async (request) => {
    const admin = request.admin;
    if (!admin) throw new AuthError('A valid admin key is required.');
    return { object: 'admin', id: admin.id, name: admin.name, role: admin.role };
  });
}
