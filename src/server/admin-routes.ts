import type { FastifyInstance } from 'fastify';
import type { AdminKeyRegistry } from '../admin/admin-key-registry.js';
import type { AdminRuntime } from '../admin/admin-runtime.js';
import { createAdminServices } from '../admin/admin-services.js';
import type { SettingsView } from '../admin/settings-view.js';
import { AuthError, GatewayError } from '../api/gateway-error.js';
import type { Store } from '../store/store.js';
import { registerAdminAdminKeyRoutes } from './admin-admin-key-routes.js';
import { registerAdminAuditRoutes } from './admin-audit-routes.js';
import { registerAdminBillingRoutes } from './admin-billing-routes.js';
import { registerAdminCatalogRoutes } from './admin-catalog-routes.js';
import { registerAdminChannelRoutes } from './admin-channel-routes.js';
import { registerAdminKeyRoutes } from './admin-key-routes.js';
import { registerAdminMeRoute } from './admin-me-route.js';
import { type PlaygroundDependencies, registerAdminPlaygroundRoute } from './admin-playground-route.js';
import { registerAdminProviderRoutes } from './admin-provider-routes.js';
import type { AdminRouteContext } from './admin-route-context.js';
import { registerAdminTeamRoutes } from './admin-team-routes.js';
import { registerAdminUsageRoutes } from './admin-usage-routes.js';
import { sendError } from './render-error.js';

export interface AdminDependencies {
  admins: AdminKeyRegistry;
  store: Store;
  /** The running gateway as the admin services see it: currency, served models, cache refresh, live budgets. */
  runtime: AdminRuntime;
  /** The wall clock for expiry, budget windows and timestamps; defaults to Date.now (tests move it). */
  now?: () => number;
  log: { warn(object: object, message: string): void; error(object: object, message: string): void };
  /** The gateway the console's playground calls through; without it there is no playground route. */
  playground?: PlaygroundDependencies;
  /** What `GET /admin/settings` shows (built from the config at start); null shows the currency only. */
  settings?: SettingsView | null;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * `/admin/*`, registered as an encapsulated plugin so its auth hook is attached to these routes
 * themselves, not to a URL prefix test (STYLE: authorize on the route, not on the URL text).
 * Role `viewer` may only read.
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

  const context: AdminRouteContext = {
    store: deps.store,
    runtime: deps.runtime,
    services: createAdminServices(deps.store, deps.runtime),
    now: deps.now ?? Date.now,
  };
  registerAdminKeyRoutes(app, context);
  registerAdminTeamRoutes(app, context);
  registerAdminBillingRoutes(app, context);
  registerAdminUsageRoutes(app, context);
  registerAdminAuditRoutes(app, context);
  registerAdminAdminKeyRoutes(app, context);
  registerAdminChannelRoutes(app, context);
  registerAdminMeRoute(app);
  registerAdminProviderRoutes(app);

  registerAdminCatalogRoutes(app, context, deps.settings ?? null);
  if (deps.playground) {
    // The playground's handler reads these like a /v1 request's; the admin key stands in for a client key.
    app.decorateRequest('clientKey', null);
    app.decorateRequest('acceptedAt', 0);
    registerAdminPlaygroundRoute(app, deps.playground);
  }
}
