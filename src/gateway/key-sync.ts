import type { AdminKeyRegistry } from '../admin/admin-key-registry.js';
import type { Store } from '../store/store.js';
import type { KeyCache } from './key-cache.js';

/**
 * Picks up key changes made outside this process (the `opt keys` CLI, another instance) by polling
 * the store's keys version, off the request path. Changes made through this process's admin API
 * reach the cache at once and do not wait for this.
 */
export function startKeySync(options: {
  store: Store;
  keys: KeyCache;
  admins: AdminKeyRegistry;
  intervalMs: number;
  log: { warn(object: object, message: string): void };
}): { stop(): void; refresh(): Promise<void> } {
  let version = -1;
  let running = false;
  const refresh = async () => {
    if (running) return;
    running = true;
    try {
      const current = await options.store.getKeysVersion();
      if (current === version) return;
      const [apiKeys, adminKeys] = await Promise.all([
        options.store.listApiKeys(),
        options.store.listAdminKeys(),
      ]);
      options.keys.replaceAll(apiKeys);
      options.admins.replaceAll(adminKeys);
      version = current;
    } catch (error) {
      options.log.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'key refresh failed',
      );
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void refresh(), options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), refresh };
}
