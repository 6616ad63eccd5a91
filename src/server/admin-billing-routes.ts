import type { FastifyInstance } from 'fastify';
import type { BudgetOwner } from '../admin/admin-runtime.js';
import { toLedgerTotalsView, toLedgerView } from '../admin/billing-views.js';
import { parseLedgerQuery } from '../admin/ledger-query-params.js';
import type { QueryObject } from '../admin/query-params.js';
import { type AdminRouteContext, adminActor } from './admin-route-context.js';

/** Prices, budgets with their grants and resets, and the ledger. */
export function registerAdminBillingRoutes(app: FastifyInstance, context: AdminRouteContext): void {
  const { services, store, runtime, now } = context;

  app.get('/admin/prices', async () => ({
    object: 'list',
    data: await services.prices.list(),
    next_cursor: null,
  }));

  // Model ids may contain '/' (e.g. "org/model"), so the id is the rest of the path, URL-decoded.
  app.put('/admin/prices/*', async (request) => {
    const model = (request.params as { '*': string })['*'];
    return services.prices.put(model, request.body, adminActor(request), now());
  });

  app.delete('/admin/prices/*', async (request) => {
    const model = (request.params as { '*': string })['*'];
    const deleted = await services.prices.delete(model, adminActor(request), now());
    return { ...deleted, deleted: true };
  });

  for (const kind of ['key', 'team'] as const) {
    const base = kind === 'key' ? '/admin/keys/:id' : '/admin/teams/:id';
    const ownerOf = (params: unknown): BudgetOwner => ({ kind, id: (params as { id: string }).id });

    app.get(`${base}/budget`, async (request) => services.budgets.view(ownerOf(request.params), now()));

    app.post(`${base}/grants`, async (request, reply) => {
      const entry = await services.budgets.grant(
        ownerOf(request.params),
        request.body,
        adminActor(request),
        now(),
      );
      reply.code(201);
      return entry;
    });

    app.post(`${base}/budget/reset`, async (request) =>
      services.budgets.reset(ownerOf(request.params), adminActor(request), now()),
    );
  }

  app.get('/admin/ledger', async (request) => {
    const page = await store.queryLedger(parseLedgerQuery(request.query as QueryObject));
    return {
      object: 'list',
      data: page.data.map((entry) => toLedgerView(entry, runtime.currency)),
      next_cursor: page.nextCursor,
    };
  });

  app.get('/admin/ledger/totals', async (request) => {
    const { limit: _limit, cursor: _cursor, ...filter } = parseLedgerQuery(request.query as QueryObject);
    return toLedgerTotalsView(await store.sumLedger(filter), runtime.currency);
  });
}
