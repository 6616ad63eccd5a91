import type { Dispatcher } from 'undici';
import type { ModelObject } from '../api/chat-types.js';
import type { ProviderAdapter, UpstreamTarget } from '../providers/provider-adapter.js';
import type { ChannelRuntime } from './channel-runtimes.js';
import type { CircuitBreaker } from './routing/circuit-breaker.js';

/** One way to serve a public model: a channel, its adapter, pooled client, health and the upstream id. */
export interface RouteTarget {
  /** The public model this target serves (a fallback's id when reached through `fallbacks`). */
  publicModel: string;
  /** Resolved once, without a key (`apiKey` null). */
  target: UpstreamTarget;
  /** The same target with each of the channel's keys, by key index: no object is built per attempt. */
  keyTargets: readonly UpstreamTarget[];
  adapter: ProviderAdapter;
  http: Dispatcher;
  totalMs: number;
  priority: number;
  weight: number;
  channel: ChannelRuntime;
  breaker: CircuitBreaker;
}

/** The public model's own targets, then each fallback model's, in the order they are tried. */
export interface RoutePlan {
  groups: ReadonlyArray<{ model: string; targets: readonly RouteTarget[] }>;
}

/**
 * An immutable snapshot of channels and the models they serve, rebuilt whenever channels change, so the
 * request path never touches the database. Health (breakers, key pools) and connections live in the
 * channel runtimes, which outlive a rebuild.
 */
export class ModelCatalog {
  private readonly routes = new Map<string, RouteTarget[]>();
  private readonly models = new Map<string, ModelObject>();
  private readonly plans = new Map<string, RoutePlan>();

  constructor(
    runtimes: ReadonlyMap<string, ChannelRuntime>,
    createdSeconds: number,
    fallbacks: Readonly<Record<string, readonly string[]>> = {},
  ) {
    for (const runtime of runtimes.values()) {
      const channel = runtime.config;
      const parsedBaseUrl = new URL(channel.baseUrl);
      for (const publicModel of channel.models) {
        const upstreamModel = channel.modelMap[publicModel] ?? publicModel;
        const target: UpstreamTarget = {
          channel: channel.name,
          provider: channel.provider,
          baseUrl: channel.baseUrl,
          origin: parsedBaseUrl.origin,
          basePath: parsedBaseUrl.pathname.replace(/\/+$/, ''),
          apiKey: null,
          upstreamModel,
          headers: channel.headers,
          apiVersion: channel.apiVersion ?? null,
          firstByteMs: channel.timeouts.firstByteMs,
          idleMs: channel.timeouts.idleMs,
        };
        const list = this.routes.get(publicModel) ?? [];
        list.push({
          publicModel,
          target,
          keyTargets: channel.apiKeys.map((apiKey) => ({ ...target, apiKey })),
          adapter: runtime.adapter,
          http: runtime.agent,
          totalMs: channel.timeouts.totalMs,
          priority: channel.priority,
          weight: channel.weight,
          channel: runtime,
          breaker: runtime.breakerFor(upstreamModel),
        });
        this.routes.set(publicModel, list);
        if (!this.models.has(publicModel)) {
          this.models.set(publicModel, {
            id: publicModel,
            object: 'model',
            created: createdSeconds,
            owned_by: channel.name,
          });
        }
      }
    }
    for (const model of this.routes.keys()) {
      const groups = [model, ...(fallbacks[model] ?? [])]
        .map((name) => ({ model: name, targets: this.routes.get(name) ?? [] }))
        .filter((group) => group.targets.length > 0);
      this.plans.set(model, { groups });
    }
  }

  /** Targets for a public model in configuration order; empty when no channel serves it. */
  routesFor(model: string): readonly RouteTarget[] {
    return this.routes.get(model) ?? [];
  }

  /** The model's targets and its fallbacks'; null when no channel serves the model. */
  planFor(model: string): RoutePlan | null {
    return this.plans.get(model) ?? null;
  }

  /** Models visible to a key: all of them, or those in its allow-list. */
  listModels(allowed: ReadonlySet<string> | null): ModelObject[] {
    const all = [...this.models.values()];
    return allowed ? all.filter((model) => allowed.has(model.id)) : all;
  }

  findModel(id: string): ModelObject | undefined {
    return this.models.get(id);
  }
}
