import type { AdminRuntime } from './admin-runtime.js';

/**
 * The runtime of a process that serves no requests (the `opt keys` CLI). It has no caches to refresh:
 * every key change bumps the store's keys version, which running servers poll.
 */
export function createOfflineAdminRuntime(
  currency: string,
  knownModels: ReadonlySet<string> | null,
): AdminRuntime {
  return {
    currency,
    knownModels: () => knownModels,
    refresh: async () => {},
    credit: async () => {},
    liveBudget: async () => ({ remainingMicros: null }),
  };
}
