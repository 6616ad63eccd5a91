import type { OptConfig, PriceConfig } from '../config/config-types.js';
import type { Store } from '../store/store.js';
import type { PriceRow } from '../store/store-types.js';
import { CONFIG_ACTOR, recordAudit } from './audit-recorder.js';
import { toPriceView } from './billing-views.js';
import type { GeneratedKey } from './bootstrap-keys.js';
import { syncConfigKeys } from './sync-config-keys.js';
import { deleteRemovedTeams, syncConfigTeams } from './sync-config-teams.js';

/**
 * Makes the store match the YAML's `teams:` (with members), `prices:` and `keys:` at boot. The config
 * owns what it declares: entries are created or updated to match, and removed ones are soft-deleted
 * (teams), deleted (prices) or revoked (keys). Rows made through the admin API are left alone. Each
 * change writes an audit entry with the actor `config`; a restart with the same config writes nothing.
 * Returns the keys generated for entries without a `key`, to be printed once.
 */
export async function syncConfigTenancy(
  store: Store,
  config: Pick<OptConfig, 'teams' | 'prices' | 'keys'> & Partial<Pick<OptConfig, 'billing'>>,
  nowMs: number,
): Promise<GeneratedKey[]> {
  const teams = await syncConfigTeams(store, config.teams, nowMs);
  await syncConfigPrices(store, config.prices, config.billing?.currency ?? null, nowMs);
  const generated = await syncConfigKeys(store, config.keys, teams.teamIds, nowMs);
  // After the keys: a config key may have just moved off a team the config no longer declares.
  await deleteRemovedTeams(store, teams.removed, nowMs);
  return generated;
}

async function syncConfigPrices(
  store: Store,
  prices: readonly PriceConfig[],
  currency: string | null,
  nowMs: number,
): Promise<void> {
  const current = await store.listPrices();
  const viewOf = (row: PriceRow | null) => row && toPriceView(row, currency);
  const audit = (action: string, before: PriceRow | null, after: PriceRow | null, model: string) =>
    recordAudit(store, {
      actor: CONFIG_ACTOR,
      action,
      targetType: 'price',
      targetId: model,
      before: viewOf(before),
      after: viewOf(after),
      nowMs,
    });
  for (const price of prices) {
    const existing = current.find((row) => row.model === price.model) ?? null;
    if (
      existing?.source === 'config' &&
      existing.inputMicros === price.inputMicros &&
      existing.cachedInputMicros === price.cachedInputMicros &&
      existing.outputMicros === price.outputMicros
    ) {
      continue;
    }
    // A price set through the admin API for the same model is taken over by the config.
    const row: PriceRow = { ...price, source: 'config', updatedAtMs: nowMs };
    await store.upsertPrice(row);
    await audit('price.put', existing, row, price.model);
  }
  const declared = new Set(prices.map((price) => price.model));
  for (const row of current) {
    if (row.source !== 'config' || declared.has(row.model)) continue;
    await store.deletePrice(row.model);
    await audit('price.delete', row, null, row.model);
  }
}
