import { Agent, type Dispatcher } from 'undici';
import type { ModelObject } from '../api/chat-types.js';
import type { ChannelConfig } from '../config/config-types.js';
import type { ProviderAdapter, UpstreamTarget } from '../providers/provider-adapter.js';
import { findProviderAdapter } from '../providers/registry.js';

/** One way to serve a public model: a channel, its adapter, its pooled client and the upstream id. */
export interface RouteTarget {
  target: UpstreamTarget;
  adapter: ProviderAdapter;
  http: Dispatcher;
  totalMs: number;
}

/**
 * An immutable snapshot of channels and the models they serve, built once at boot (and, later, on
 * every channel change) so the request path never touches the database.
 */
export class ModelCatalog {
  private readonly routes = new Map<string, RouteTarget[]>();
  private readonly models = new Map<string, ModelObject>();
  private readonly agents: Agent[] = [];

  constructor(channels: readonly ChannelConfig[], createdSeconds: number) {
    for (const channel of channels) {
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
      this.agents.push(agent);
      const parsedBaseUrl = new URL(channel.baseUrl);
      for (const publicModel of channel.models) {
        const target: UpstreamTarget = {
          channel: channel.name,
          provider: channel.provider,
          baseUrl: channel.baseUrl,
          origin: parsedBaseUrl.origin,
          basePath: parsedBaseUrl.pathname.replace(/\/+$/, ''),
          apiKey: channel.apiKey,
          upstreamModel: channel.modelMap[publicModel] ?? publicModel,
          headers: channel.headers,
          firstByteMs: channel.timeouts.firstByteMs,
          idleMs: channel.timeouts.idleMs,
        };
        const list = this.routes.get(publicModel) ?? [];
        list.push({ target, adapter, http: agent, totalMs: channel.timeouts.totalMs });
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
  }

  /** Targets for a public model in preference order; empty when no channel serves it. */
  routesFor(model: string): readonly RouteTarget[] {
    return this.routes.get(model) ?? [];
  }

  /** Models visible to a key: all of them, or those in its allow-list. */
  listModels(allowed: ReadonlySet<string> | null): ModelObject[] {
    const all = [...this.models.values()];
    return allowed ? all.filter((model) => allowed.has(model.id)) : all;
  }

  findModel(id: string): ModelObject | undefined {
    return this.models.get(id);
  }

  async close(): Promise<void> {
    await Promise.all(this.agents.map((agent) => agent.close()));
  }
}
