import type { Store } from '../store/store.js';
import { AdminKeyService } from './admin-key-service.js';
import type { AdminRuntime } from './admin-runtime.js';
import { ApiKeyService } from './api-key-service.js';
import { BudgetService } from './budget-service.js';
import { ChannelService } from './channel-service.js';
import { PriceService } from './price-service.js';
import { TeamService } from './team-service.js';

/** The admin API's services, built once per server from the store and the running gateway's runtime. */
export interface AdminServices {
  keys: ApiKeyService;
  teams: TeamService;
  prices: PriceService;
  budgets: BudgetService;
  adminKeys: AdminKeyService;
  channels: ChannelService;
}

export function createAdminServices(store: Store, runtime: AdminRuntime): AdminServices {
  return {
    keys: new ApiKeyService(store, runtime),
    teams: new TeamService(store, runtime),
    prices: new PriceService(store, runtime),
    budgets: new BudgetService(store, runtime),
    adminKeys: new AdminKeyService(store, runtime),
    channels: new ChannelService(store, runtime),
  };
}
