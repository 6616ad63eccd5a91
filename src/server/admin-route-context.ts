import type { FastifyRequest } from 'fastify';
import type { AuthenticatedAdmin } from '../admin/admin-key-registry.js';
import type { AdminRuntime } from '../admin/admin-runtime.js';
import type { AdminServices } from '../admin/admin-services.js';
import type { AdminActor } from '../admin/audit-recorder.js';
import { AuthError } from '../api/gateway-error.js';
import type { Store } from '../store/store.js';

declare module 'fastify' {
  interface FastifyRequest {
    admin: AuthenticatedAdmin | null;
  }
}

/** What every admin route file receives from the admin plugin. */
export interface AdminRouteContext {
  store: Store;
  runtime: AdminRuntime;
  services: AdminServices;
  now: () => number;
}

/** The admin key that made the request, as audit entries name it (the auth hook set it). */
export function adminActor(request: FastifyRequest): AdminActor {
  const admin = request.admin;
  if (!admin) throw new AuthError('A valid admin key is required.');
  return { id: admin.id, name: admin.name };
}
