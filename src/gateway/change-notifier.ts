import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describeRedisUrl } from './quota/redis-quota-store.js';

/** What changed: API keys, teams and prices (the keys version), or channels (the channels version). */
export type ChangeKind = 'keys' | 'channels';

/** Called with what another instance changed; a rejection or throw is logged, never propagated. */
export type ChangeListener = (kind: ChangeKind) => void | Promise<void>;

/** The message on `${prefix}changes`. */
export interface ChangeMessage {
  kind: ChangeKind;
  /** The publishing instance's id: an instance ignores its own messages. */
  from: string;
}

/** The subset of a pino logger the notifier uses. */
export interface ChangeNotifierLogger {
  warn(object: object, message?: string): void;
}

/**
 * Tells the other instances on one Redis that keys or channels changed, so they reload at once instead
 * of at their next poll of the store's versions (which stays as the safety net: a message is lost
 * while Redis or a subscriber is down). Never throws into its callers.
 */
export interface ChangeNotifier {
  readonly kind: 'redis' | 'none';
  /** This instance's random id, sent as `from`. */
  readonly id: string;
  /** Fire and forget: a failure is logged. */
  publish(kind: ChangeKind): void;
  /** Registers a listener for other instances' changes; returns its removal. */
  onChange(listener: ChangeListener): () => void;
  /** Resolves true once subscribed (false for the no-op notifier, or when not subscribed within `timeoutMs`). */
  ready(timeoutMs?: number): Promise<boolean>;
  /** Disconnects both connections; later publishes are dropped. */
  close(): Promise<void>;
}

export interface ChangeNotifierOptions {
  /** OPT_REDIS_URL; null gives the no-op notifier. */
  redisUrl: string | null;
  /** OPT_REDIS_PREFIX, e.g. `opt:`; the channel is `${prefix}changes`. */
  prefix: string;
  logger: ChangeNotifierLogger;
}

/** A Redis pub/sub notifier when `redisUrl` is set, else a no-op one (a single instance needs none). */
export function createChangeNotifier(options: ChangeNotifierOptions): ChangeNotifier {
  return options.redisUrl
    ? new RedisChangeNotifier({ url: options.redisUrl, prefix: options.prefix, logger: options.logger })
    : new NoopChangeNotifier();
}

const CHANGE_KINDS: readonly ChangeKind[] = ['keys', 'channels'];

export class NoopChangeNotifier implements ChangeNotifier {
  readonly kind = 'none';
  readonly id = randomBytes(8).toString('hex');
  publish(_kind: ChangeKind): void {}
  onChange(_listener: ChangeListener): () => void {
    return () => {};
  }
  async ready(): Promise<boolean> {
    return false;
  }
  async close(): Promise<void> {}
}

export class RedisChangeNotifier implements ChangeNotifier {
  readonly kind = 'redis';
  readonly id = randomBytes(8).toString('hex');
  readonly channel: string;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #listeners = new Set<ChangeListener>();
  readonly #logger: ChangeNotifierLogger;
  readonly #subscribed: Promise<boolean>;
  #closed = false;

  constructor(options: { url: string; prefix: string; logger: ChangeNotifierLogger }) {
    this.channel = `${options.prefix}changes`;
    this.#logger = options.logger;
    const where = describeRedisUrl(options.url);
    // Publishes are off the request path and best effort: one reconnect, then the poll catches up.
    this.#publisher = new Redis(options.url, { maxRetriesPerRequest: 1 });
    // A subscriber's SUBSCRIBE waits for the connection however long it takes; ioredis resubscribes
    // after every reconnect.
    this.#subscriber = new Redis(options.url, { maxRetriesPerRequest: null });
    reportErrors(this.#publisher, where, 'publisher', this.#logger);
    reportErrors(this.#subscriber, where, 'subscriber', this.#logger);
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.#receive(message);
    });
    this.#subscribed = this.#subscriber.subscribe(this.channel).then(
      () => true,
      (error: unknown) => {
        if (!this.#closed) {
          this.#logger.warn({ redis: where, error: String(error) }, 'subscribing to OPT changes failed');
        }
        return false;
      },
    );
  }

  publish(kind: ChangeKind): void {
    if (this.#closed) return;
    const message: ChangeMessage = { kind, from: this.id };
    this.#publisher.publish(this.channel, JSON.stringify(message)).catch((error: unknown) => {
      if (this.#closed) return;
      this.#logger.warn(
        { kind, error: error instanceof Error ? error.message : String(error) },
        'publishing an OPT change failed; other instances pick it up at their next poll',
      );
    });
  }

  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  ready(timeoutMs = 5_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
    });
    return Promise.race([this.#subscribed, timeout]).finally(() => clearTimeout(timer));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    this.#subscriber.disconnect();
    this.#publisher.disconnect();
  }

  #receive(raw: string): void {
    let message: Partial<ChangeMessage>;
    try {
      message = JSON.parse(raw) as Partial<ChangeMessage>;
    } catch {
      this.#logger.warn({ message: raw.slice(0, 200) }, 'ignoring a malformed OPT change message');
      return;
    }
    if (message === null || typeof message !== 'object') return;
    if (message.from === this.id) return;
    const kind = message.kind;
    if (kind === undefined || !CHANGE_KINDS.includes(kind)) return;
    for (const listener of this.#listeners) {
      try {
        Promise.resolve(listener(kind)).catch((error: unknown) => this.#listenerFailed(kind, error));
      } catch (error) {
        this.#listenerFailed(kind, error);
      }
    }
  }

  #listenerFailed(kind: ChangeKind, error: unknown): void {
    this.#logger.warn(
      { kind, error: error instanceof Error ? error.message : String(error) },
      'reloading after an OPT change failed',
    );
  }
}

/** ioredis repeats 'error' on every reconnect attempt: one log line per outage is enough. */
function reportErrors(client: Redis, where: string, role: string, logger: ChangeNotifierLogger): void {
  let isReported = false;
  client.on('error', (error: Error) => {
    if (isReported) return;
    isReported = true;
    logger.warn({ redis: where, role, error: error.message }, 'Redis (change notifier) connection error');
  });
  client.on('ready', () => {
    isReported = false;
  });
}
