import type { Store } from '../store/store.js';
import type { AdminKeyRow, ApiKeyRow, PriceRow, TeamRow } from '../store/store-types.js';

/** Everything the request path caches from the store, read together after a version change. */
export interface KeySnapshot {
  apiKeys: ApiKeyRow[];
  adminKeys: AdminKeyRow[];
  teams: TeamRow[];
  prices: PriceRow[];
}

/**
 * Picks up key, team and price changes made outside this process (the `opt keys` CLI, another
 * instance) by polling the store's keys version, off the request path. Changes made through this
 * process's admin API call `refresh()` and apply at once.
 */
export function startKeySync(options: {
  store: Store;
  apply: (snapshot: KeySnapshot) => Promise<void> | void;
  intervalMs: number;
  log: { warn(object: object, message: string): void };
}): { stop(): void; refresh(): Promise<void> } {
  let version = -1;
  const load = async () => {
    try {
      const current = await options.store.getKeysVersion();
      if (current === version) return;
      const [apiKeys, adminKeys, teams, prices] = await Promise.all([
        options.store.listApiKeys(),
        options.store.listAdminKeys(),
        options.store.listTeams(),
        options.store.listPrices(),
      ]);
      await options.apply({ apiKeys, adminKeys, teams, prices });
      version = current;
    } catch (error) {
      options.log.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'key refresh failed',
      );
    }
  };
  // Loads run one at a time. A caller waits for a load that starts after its call (so a change it just
  // made is visible when its promise resolves); callers before that load starts share it.
  let tail: Promise<void> = Promise.resolve();
  let pending: Promise<void> | null = null;
  const refresh = (): Promise<void> => {
    if (pending) return pending;
    const next = tail.then(() => {
      pending = null;
      return load();
    });
    pending = next;
    tail = next;
    return next;
  };
  const timer = setInterval(() => void refresh(), options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), refresh };
}
