import type { FastifyInstance } from 'fastify';
import { toPriceView } from '../admin/billing-views.js';
import type { SettingsView } from '../admin/settings-view.js';
import type { AdminRouteContext } from './admin-route-context.js';

/**
 * What the gateway serves and how it is set up: `/admin/models` (every public model with its routes,
 * fallbacks and price) and `/admin/settings` (read-only: settings live in the YAML and the environment).
 */
export function registerAdminCatalogRoutes(
  app: FastifyInstance,
  context: AdminRouteContext,
  settings: SettingsView | null,
): void {
  const { store, runtime } = context;

  app.get('/admin/models', async () => {
    const prices = new Map((await store.listPrices()).map((row) => [row.model, row]));
    const data = runtime.modelRoutes().map((model) => {
      const price = prices.get(model.model);
      return {
        id: model.model,
        owned_by: model.ownedBy,
        routes: model.targets.map((target) => ({
          channel: target.channel,
          provider: target.provider,
          upstream_model: target.upstreamModel,
          priority: target.priority,
          weight: target.weight,
          breaker: target.state,
        })),
        fallbacks: model.fallbacks,
        price: price ? toPriceView(price, runtime.currency) : null,
      };
    });
    return { object: 'list', data };
  });

  app.get('/admin/settings', async () => {
    const models = runtime.knownModels();
    return {
      ...(settings ?? { object: 'settings', currency: runtime.currency }),
      models: models === null ? null : [...models].sort(),
    };
  });
}
