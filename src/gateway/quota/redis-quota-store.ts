import { Redis } from 'ioredis';
import type {
  Admission,
  AdmissionRequest,
  QuotaRefusal,
  QuotaState,
  QuotaStore,
  QuotaSubject,
  QuotaTicket,
  RateLimitState,
  SettledUsage,
} from './quota-types.js';
import { currentQuotaWindow, parseQuotaWindowId, type QuotaWindow } from './quota-window.js';
import {
  ADMIT_SCRIPT,
  CREDIT_SCRIPT,
  PEEK_SCRIPT,
  SEED_SCRIPT,
  SETTLE_SCRIPT,
} from './redis-quota-scripts.js';

export interface RedisQuotaStoreOptions {
  /** An ioredis client or a URL (the store then opens its own client). */
  redis: Redis | string;
  /** Starts every key, e.g. `opt:`; instances sharing budgets use the same one. */
  prefix: string;
  /** Whether `close` quits the client; by default only a client the store opened itself. */
  closesClient?: boolean;
}

/** The subset of a pino logger the factory uses. */
export interface RedisQuotaLogger {
  warn(object: object, message?: string): void;
}

export interface ConnectRedisQuotaStoreOptions {
  url: string;
  prefix: string;
  logger: RedisQuotaLogger;
  /** For the first connection and PING; 5 s by default. */
  connectTimeoutMs?: number;
}

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens the Redis at OPT_REDIS_URL and checks it answers PING before the gateway starts, so a wrong URL
 * fails the boot with a clear message (host and port, never the password) instead of every request.
 */
export async function connectRedisQuotaStore(
  options: ConnectRedisQuotaStoreOptions,
): Promise<RedisQuotaStore> {
  const where = describeRedisUrl(options.url);
  const timeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    // Quota checks sit on the request path: a command waits out one reconnect, not ioredis's default 20.
    maxRetriesPerRequest: 1,
    // Admits from concurrent requests share a round trip.
    enableAutoPipelining: true,
  });
  // ioredis repeats 'error' on every reconnect attempt: one log line per outage is enough.
  let isReported = false;
  let lastError: string | null = null;
  client.on('error', (error: Error) => {
    lastError = error.message;
    if (isReported) return;
    isReported = true;
    options.logger.warn({ redis: where, error: error.message }, 'Redis (quota store) connection error');
  });
  client.on('ready', () => {
    isReported = false;
  });
  try {
    await withTimeout(
      client.connect().then(() => client.ping()),
      timeoutMs,
      `no answer to PING within ${timeoutMs} ms`,
    );
  } catch (error) {
    client.disconnect();
    // The connection's own error says more than ioredis's "Connection is closed" that follows it.
    const reason = lastError ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`Cannot reach Redis at ${where} (OPT_REDIS_URL): ${reason}`);
  }
  return new RedisQuotaStore({ redis: client, prefix: options.prefix, closesClient: true });
}

type ScriptArgument = string | number;
type ScriptCommand = (keyCount: number, ...keysThenArgs: ScriptArgument[]) => Promise<unknown>;

/** The commands `defineCommand` adds (EVALSHA, falling back to EVAL when Redis lacks the script). */
interface QuotaCommands {
  optQuotaAdmit: ScriptCommand;
  optQuotaSettle: ScriptCommand;
  optQuotaCredit: ScriptCommand;
  optQuotaSeed: ScriptCommand;
  optQuotaPeek: ScriptCommand;
}

const REFUSAL_KINDS: readonly QuotaRefusal['kind'][] = ['budget', 'rpm', 'tpm', 'concurrency'];

/**
 * Budgets and rate limits shared by every instance on one Redis. Each operation is one Lua script over
 * the subjects' keys, so key, team and model are checked and reserved together, and two instances can
 * never both take the last of a budget. The scripts (redis-quota-scripts.ts) hold all the arithmetic.
 */
export class RedisQuotaStore implements QuotaStore {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #commands: QuotaCommands;
  readonly #ownsClient: boolean;
  readonly #prefix: string;

  constructor(options: RedisQuotaStoreOptions) {
    if (options.prefix === '') throw new Error('RedisQuotaStore needs a key prefix (e.g. "opt:")');
    this.#ownsClient = options.closesClient ?? typeof options.redis === 'string';
    this.#redis = typeof options.redis === 'string' ? new Redis(options.redis) : options.redis;
    this.#prefix = options.prefix;
    this.#redis.defineCommand('optQuotaAdmit', { lua: ADMIT_SCRIPT });
    this.#redis.defineCommand('optQuotaSettle', { lua: SETTLE_SCRIPT });
    this.#redis.defineCommand('optQuotaCredit', { lua: CREDIT_SCRIPT });
    this.#redis.defineCommand('optQuotaSeed', { lua: SEED_SCRIPT });
    this.#redis.defineCommand('optQuotaPeek', { lua: PEEK_SCRIPT, readOnly: true });
    this.#commands = this.#redis as unknown as QuotaCommands;
  }

  async admit(request: AdmissionRequest): Promise<Admission> {
    const { subjects, nowMs } = request;
    const keys: string[] = [];
    const args: ScriptArgument[] = [
      request.requestId,
      nowMs,
      request.leaseMs,
      request.estimateMicros,
      request.estimateTokens,
    ];
    const budgetWindows: Record<string, string> = {};
    for (const subject of subjects) {
      const window = this.#pushSubject(subject, nowMs, keys, args);
      if (window) budgetWindows[subject.id] = window.id;
    }
    const reply = toIntegers(await this.#commands.optQuotaAdmit(keys.length, ...keys, ...args));
    const state = toQuotaState(reply, 6);
    if (reply[0] !== 1) {
      const subject = subjects[reply[2]! - 1]!;
      const retryAfterMs = reply[4]! < 0 ? null : reply[4]!;
      const kind = REFUSAL_KINDS[reply[1]! - 1]!;
      const refusal = {
        kind,
        subjectId: subject.id,
        limit: reply[3]!,
        retryAfterMs,
        neverFits: reply[5] === 1,
      };
      return { admitted: false, refusal, state };
    }
    const ticket: QuotaTicket = {
      requestId: request.requestId,
      subjectIds: subjects.map((subject) => subject.id),
      estimateMicros: request.estimateMicros,
      estimateTokens: request.estimateTokens,
      budgetWindows,
    };
    return { admitted: true, ticket, state };
  }

  async settle(ticket: QuotaTicket, usage: SettledUsage, nowMs: number): Promise<void> {
    const keys: string[] = [];
    const args: ScriptArgument[] = [
      ticket.requestId,
      nowMs,
      usage.costMicros,
      ticket.estimateTokens,
      usage.tokens,
    ];
    for (const id of ticket.subjectIds) {
      const windowId = ticket.budgetWindows[id];
      // An id this build cannot read still has its reservation released: only the charge needs the kind.
      const window = windowId === undefined ? null : parseQuotaWindowId(windowId);
      keys.push(this.#key(id, 'lease'), this.#key(id, 'rate'), this.#key(id, `budget:${windowId ?? '-'}`));
      args.push(...windowArgs(window));
    }
    await this.#commands.optQuotaSettle(keys.length, ...keys, ...args);
  }

  async credit(subject: QuotaSubject, amountMicros: number, nowMs: number): Promise<void> {
    if (!subject.budget) return;
    const window = currentQuotaWindow(subject.budget.period, nowMs);
    await this.#commands.optQuotaCredit(
      1,
      this.#key(subject.id, `budget:${window.id}`),
      ...windowArgs(window),
      nowMs,
      amountMicros,
    );
  }

  async seed(subject: QuotaSubject, netSpentMicros: number, nowMs: number): Promise<void> {
    if (!subject.budget) return;
    const window = currentQuotaWindow(subject.budget.period, nowMs);
    await this.#commands.optQuotaSeed(
      1,
      this.#key(subject.id, `budget:${window.id}`),
      ...windowArgs(window),
      nowMs,
      netSpentMicros,
    );
  }

  async peek(subjects: readonly QuotaSubject[], nowMs: number): Promise<QuotaState> {
    const keys: string[] = [];
    const args: ScriptArgument[] = [nowMs];
    for (const subject of subjects) this.#pushSubject(subject, nowMs, keys, args);
    return toQuotaState(toIntegers(await this.#commands.optQuotaPeek(keys.length, ...keys, ...args)), 0);
  }

  async close(): Promise<void> {
    if (this.#ownsClient) await this.#redis.quit();
  }

  /** Appends a subject's 3 keys and 6 arguments (as loadSubjects reads them); returns its budget window. */
  #pushSubject(
    subject: QuotaSubject,
    nowMs: number,
    keys: string[],
    args: ScriptArgument[],
  ): QuotaWindow | null {
    const window = subject.budget ? currentQuotaWindow(subject.budget.period, nowMs) : null;
    const { rpm, tpm, concurrency } = subject.limits;
    keys.push(
      this.#key(subject.id, 'lease'),
      this.#key(subject.id, 'rate'),
      this.#key(subject.id, `budget:${window?.id ?? '-'}`),
    );
    args.push(
      ...windowArgs(window),
      subject.budget?.allowanceMicros ?? 0,
      rpm ?? -1,
      tpm ?? -1,
      concurrency ?? -1,
    );
    return window;
  }

  #key(subjectId: string, part: string): string {
    return `${this.#prefix}quota:${subjectId}:${part}`;
  }
}

/** The scripts' budget kind and its parameter: `c` + window end, `r` + window length, `n`, or `-`. */
function windowArgs(window: QuotaWindow | null): [string, number] {
  if (window === null) return ['-', 0];
  if (window.kind === 'calendar') return ['c', window.endMs!];
  if (window.kind === 'rolling') return ['r', window.rollingWindowMs!];
  return ['n', 0];
}

function toIntegers(reply: unknown): number[] {
  if (!Array.isArray(reply)) throw new Error('the quota script returned no array');
  return reply as number[];
}

function toQuotaState(reply: readonly number[], offset: number): QuotaState {
  return {
    requests: toRateLimitState(reply, offset),
    tokens: toRateLimitState(reply, offset + 3),
    budgetRemainingMicros: reply[offset + 6] === 1 ? reply[offset + 7]! : null,
  };
}

function toRateLimitState(reply: readonly number[], offset: number): RateLimitState | null {
  const limit = reply[offset]!;
  return limit < 0 ? null : { limit, remaining: reply[offset + 1]!, resetMs: reply[offset + 2]! };
}

/** `redis://host:port/db` without user or password, for messages and logs. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'an unparsable URL';
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
