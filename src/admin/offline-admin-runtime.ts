import { GatewayError } from '../api/gateway-error.js';
import type { AdminRuntime } from './admin-runtime.js';

const NO_CHANNELS = 'Channels are managed by a running OPT server (/admin/channels), not by this process.';

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
    modelRoutes: () => [],
    configChannels: () => [],
    secretBox: () => {
      throw new GatewayError('conflict', NO_CHANNELS);
    },
    channelHealth: () => null,
    testChannel: async () => {
      throw new GatewayError('conflict', NO_CHANNELS);
    },
    enableUpstreamKey: async () => {},
  };
}
