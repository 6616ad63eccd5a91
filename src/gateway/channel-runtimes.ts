import { Agent } from 'undici';
import type { BreakerConfig, ChannelConfig } from '../config/config-types.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { findProviderAdapter } from '../providers/registry.js';
import type { UpstreamKeyState } from '../store/store-types.js';
import { fingerprintUpstreamKey } from '../store/upstream-key-fingerprint.js';
import { CircuitBreaker } from './routing/circuit-breaker.js';
import { RecentAttempts } from './routing/recent-attempts.js';
import { UpstreamKeyPool } from './routing/upstream-key-pool.js';

/** What a channel keeps across catalog rebuilds: its pooled connections and the health of its keys and targets. */
export interface ChannelRuntime {
  readonly config: ChannelConfig;
  readonly adapter: ProviderAdapter;
  readonly agent: Agent;
  readonly keys: UpstreamKeyPool;
  /** One breaker per upstream model the channel serves. */
  breakerFor(upstreamModel: string): CircuitBreaker;
  /** Every target breaker, for health views and metrics. */
  breakers(): ReadonlyMap<string, CircuitBreaker>;
  /** The channel's last attempts, for its recent error rate and latency. */
  readonly recent: RecentAttempts;
}

/** A key disabled in this process less than this long ago is not re-enabled by a store read that predates it. */
const LOCAL_DISABLE_GRACE_MS = 10_000;

/**
 * Channel runtimes by name. A channel whose configuration is unchanged keeps its runtime when the catalog is
 * rebuilt (an admin edit elsewhere must not reset breakers, key cooldowns or warm connections); a changed or
 * removed channel's agent is closed once its in-flight requests are done.
 */
export class ChannelRuntimes {
  private readonly byName = new Map<string, { signature: string; runtime: ChannelRuntime }>();

  constructor(
    private readonly breaker: BreakerConfig,
    private readonly now: () => number,
  ) {}

  /** Runtimes for exactly these channels; disabled key states are applied to new runtimes. */
  sync(
    channels: readonly ChannelConfig[],
    keyStates: readonly UpstreamKeyState[],
  ): Map<string, ChannelRuntime> {
    const next = new Map<string, { signature: string; runtime: ChannelRuntime }>();
    for (const channel of channels) {
      const signature = JSON.stringify(channel);
      const existing = this.byName.get(channel.name);
      const kept = existing && existing.signature === signature ? existing.runtime : null;
      if (kept) this.applyKeyStates(kept, keyStates);
      const runtime = kept ?? this.create(channel, keyStates);
      next.set(channel.name, { signature, runtime });
    }
    for (const [name, entry] of this.byName) {
      if (next.get(name)?.runtime !== entry.runtime) void entry.runtime.agent.close().catch(() => {});
    }
    this.byName.clear();
    for (const [name, entry] of next) this.byName.set(name, entry);
    return new Map([...next].map(([name, entry]) => [name, entry.runtime]));
  }

  get(name: string): ChannelRuntime | undefined {
    return this.byName.get(name)?.runtime;
  }

  all(): ChannelRuntime[] {
    return [...this.byName.values()].map((entry) => entry.runtime);
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((runtime) => runtime.agent.close()));
    this.byName.clear();
  }

  /**
   * Keys disabled or re-enabled elsewhere (another instance's 401, an admin) reach a kept runtime here; a
   * key this process disabled moments ago stays out even if the store read predates its write.
   */
  private applyKeyStates(runtime: ChannelRuntime, keyStates: readonly UpstreamKeyState[]): void {
    const channel = runtime.config;
    const health = runtime.keys.health();
    channel.apiKeys.forEach((key, index) => {
      const fingerprint = fingerprintUpstreamKey(key);
      const stored = keyStates.find(
        (state) => state.channelName === channel.name && state.fingerprint === fingerprint,
      );
      const local = health[index]?.disabled ?? null;
      if (stored && !local) runtime.keys.disable(index, stored.reason);
      else if (!stored && local && this.now() - local.atMs > LOCAL_DISABLE_GRACE_MS)
        runtime.keys.enable(index);
    });
  }

  private create(channel: ChannelConfig, keyStates: readonly UpstreamKeyState[]): ChannelRuntime {
    const adapter = findProviderAdapter(channel.provider);
    if (!adapter) throw new Error(`channel ${channel.name}: unknown provider ${channel.provider}`);
    const agent = new Agent({
      connections: channel.maxConnections,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      connect: { timeout: channel.timeouts.connectMs },
      // One request per connection at a time: pipelining breaks with many real upstreams.
      pipelining: 1,
    });
    const keys = new UpstreamKeyPool(channel.apiKeys, this.breaker, this.now);
    channel.apiKeys.forEach((key, index) => {
      const fingerprint = fingerprintUpstreamKey(key);
      const stored = keyStates.find(
        (state) => state.channelName === channel.name && state.fingerprint === fingerprint,
      );
      if (stored) keys.disable(index, stored.reason);
    });
    const breakers = new Map<string, CircuitBreaker>();
    const breakerSettings = this.breaker;
    const now = this.now;
    return {
      config: channel,
      adapter,
      agent,
      keys,
      breakerFor(upstreamModel) {
        let breaker = breakers.get(upstreamModel);
        if (!breaker) {
          breaker = new CircuitBreaker(breakerSettings, now);
          breakers.set(upstreamModel, breaker);
        }
        return breaker;
      },
      breakers: () => breakers,
      recent: new RecentAttempts(),
    };
  }
}
