import type { AdminRuntime, BudgetOwner } from '../admin/admin-runtime.js';
import type { SecretBox } from '../admin/secret-box.js';
import { findDisabledKeys } from '../admin/stored-channels.js';
import type { OptConfig } from '../config/config-types.js';
import type { ChangeNotifier } from '../gateway/change-notifier.js';
import type { ChannelRuntimes } from '../gateway/channel-runtimes.js';
import type { KeyCache } from '../gateway/key-cache.js';
import type { LiveCatalog } from '../gateway/live-catalog.js';
import type { QuotaStore } from '../gateway/quota/quota-types.js';
import { testChannel } from '../gateway/test-channel.js';
import type { Store } from '../store/store.js';

export interface GatewayAdminRuntimeParts {
  config: OptConfig;
  store: Store;
  keys: KeyCache;
  quota: QuotaStore;
  runtimes: ChannelRuntimes;
  channels: LiveCatalog;
  secretBox: SecretBox;
  /** Reloads keys, teams and prices from the store into this process. */
  refreshKeys(): Promise<void>;
  notifier: ChangeNotifier;
}

/** The running gateway as the admin services see it (see AdminRuntime): caches, budgets, channel health. */
export function createGatewayAdminRuntime(parts: GatewayAdminRuntimeParts): AdminRuntime {
  const { config, store, keys, quota, runtimes, channels, secretBox, notifier } = parts;
  const subjectOf = (owner: BudgetOwner) => keys.findSubject(`${owner.kind}:${owner.id}`);
  return {
    currency: config.billing.currency,
    knownModels: () => channels.knownModels(),
    modelRoutes() {
      const catalog = channels.current();
      return catalog.listModels(null).map((model) => ({
        model: model.id,
        ownedBy: model.owned_by,
        targets: catalog.routesFor(model.id).map((route) => ({
          channel: route.target.channel,
          provider: route.target.provider,
          upstreamModel: route.target.upstreamModel,
          priority: route.priority,
          weight: route.weight,
          state: route.breaker.snapshot().state,
        })),
        fallbacks: (catalog.planFor(model.id)?.groups ?? []).slice(1).map((group) => group.model),
      }));
    },
    async refresh() {
      await parts.refreshKeys();
      await channels.reload();
      notifier.publish('keys');
      notifier.publish('channels');
    },
    configChannels: () => config.channels,
    secretBox: () => secretBox,
    channelHealth(name) {
      const channel = runtimes.get(name);
      if (!channel) return null;
      return {
        targets: [...channel.breakers()].map(([model, breaker]) => {
          const snapshot = breaker.snapshot();
          return {
            model,
            state: snapshot.state,
            openedAtMs: snapshot.openedAtMs,
            nextProbeAtMs: snapshot.nextProbeAtMs,
          };
        }),
        keys: channel.keys
          .health()
          .map((key) => ({ index: key.index, state: key.state, coolingUntilMs: key.coolingUntilMs })),
        recent: channel.recent.summarize(Date.now()),
      };
    },
    async testChannel(channel) {
      const disabled = new Set(
        findDisabledKeys(channel, await store.listKeyStates(channel.name)).map((key) => key.index),
      );
      const apiKey =
        channel.apiKeys.find((_key, index) => !disabled.has(index)) ?? channel.apiKeys[0] ?? null;
      return testChannel(channel, apiKey);
    },
    async enableUpstreamKey(channelName, index) {
      runtimes.get(channelName)?.keys.enable(index);
    },
    async credit(owner, amountMicros, nowMs) {
      const subject = subjectOf(owner);
      if (subject?.budget) await quota.credit(subject, amountMicros, nowMs);
    },
    async liveBudget(owner, nowMs) {
      const subject = subjectOf(owner);
      if (!subject?.budget) return { remainingMicros: null };
      return { remainingMicros: (await quota.peek([subject], nowMs)).budgetRemainingMicros };
    },
  };
}
