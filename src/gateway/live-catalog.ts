import type { ChannelConfig } from '../config/config-types.js';
import type { UpstreamKeyState } from '../store/store-types.js';
import type { ChannelRuntimes } from './channel-runtimes.js';
import { ModelCatalog } from './model-catalog.js';

/** Where channels come from besides the YAML: the store (API-made channels, disabled keys). */
export interface ChannelSource {
  /** A counter bumped by every channel or key-state change. */
  version(): Promise<number>;
  load(): Promise<{ version: number; channels: ChannelConfig[]; keyStates: UpstreamKeyState[] }>;
}

/**
 * The catalog the request path reads, rebuilt when channels change: at once after a change made through
 * this process's admin API (`reload`), and within `intervalMs` after one made elsewhere (another
 * instance, which bumps the store's channels version). Runtimes (connections, breakers, key health) of
 * unchanged channels survive a rebuild.
 */
export class LiveCatalog {
  private catalog: ModelCatalog;
  private models: ReadonlySet<string>;
  private version = -1;
  private timer: NodeJS.Timeout | null = null;
  private tail: Promise<void> = Promise.resolve();
  private pending: Promise<void> | null = null;

  constructor(
    private readonly configChannels: readonly ChannelConfig[],
    private readonly source: ChannelSource,
    private readonly runtimes: ChannelRuntimes,
    private readonly fallbacks: Readonly<Record<string, readonly string[]>>,
    private readonly createdSeconds: number,
    private readonly log: { warn(object: object, message: string): void },
  ) {
    this.catalog = new ModelCatalog(runtimes.sync(configChannels, []), createdSeconds, fallbacks);
    this.models = new Set(configChannels.flatMap((channel) => channel.models));
  }

  current(): ModelCatalog {
    return this.catalog;
  }

  knownModels(): ReadonlySet<string> {
    return this.models;
  }

  /** Rebuilds from the YAML and the store; calls made while one runs share the next one. */
  reload(): Promise<void> {
    if (this.pending) return this.pending;
    const next = this.tail.then(() => {
      this.pending = null;
      return this.load();
    });
    this.pending = next;
    this.tail = next;
    return next;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      void this.source.version().then(
        (version) => (version === this.version ? undefined : this.reload()),
        (error: unknown) => this.log.warn({ error: String(error) }, 'channel version check failed'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async load(): Promise<void> {
    try {
      const stored = await this.source.load();
      const channels = [...this.configChannels, ...stored.channels];
      this.catalog = new ModelCatalog(
        this.runtimes.sync(channels, stored.keyStates),
        this.createdSeconds,
        this.fallbacks,
      );
      this.models = new Set(channels.flatMap((channel) => channel.models));
      this.version = stored.version;
    } catch (error) {
      this.log.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'channel reload failed',
      );
    }
  }
}
