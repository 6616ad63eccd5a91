/** The resolved configuration: YAML file + CLI flags + environment, validated once at boot. */

import type {
  BudgetSetting,
  LimitSettings,
  PromptLoggingSetting,
  TeamMemberRole,
} from '../store/store-types.js';

export interface ChannelTimeouts {
  connectMs: number;
  /** Time to the upstream's response headers (slow reasoning models need minutes). */
  firstByteMs: number;
  /** Longest silence allowed between two body chunks. */
  idleMs: number;
  /** Whole-request ceiling. */
  totalMs: number;
}

export interface ChannelConfig {
  name: string;
  /** A protocol (`openai-compatible`, `azure-openai`, `anthropic`, `gemini`) or a vendor preset (`deepseek`, …). */
  provider: string;
  /** Base URL including the version segment, e.g. https://api.deepseek.com/v1 (no trailing slash). */
  baseUrl: string;
  /** Azure OpenAI's `api-version` (`2024-10-21`, or `v1`); set for azure-openai channels only. */
  apiVersion?: string;
  /**
   * Upstream credentials (`api_keys`, or `api_key` for one), used round-robin, each with its own health;
   * empty for upstreams that need none (a local vLLM, Ollama).
   */
  apiKeys: string[];
  /** Tier: requests go to the highest tier that has a healthy target (default 0). */
  priority: number;
  /** Share of its tier's requests, relative to the other targets of the tier (default 1). */
  weight: number;
  /** Public model ids this channel serves. */
  models: string[];
  /** Public id -> upstream id; ids not listed are sent as-is. */
  modelMap: Record<string, string>;
  /** Extra headers sent upstream on every call. */
  headers: Record<string, string>;
  timeouts: ChannelTimeouts;
  /** Max pooled keep-alive connections to this upstream. */
  maxConnections: number;
}

export interface KeyConfig {
  name: string;
  /** The full client key; null means "generate one at first start and print it once". */
  key: string | null;
  models: string[] | null;
  /** Name of a team declared in `teams:`. */
  team: string | null;
  budget: BudgetSetting | null;
  limits: LimitSettings;
  expiresAtMs: number | null;
  /** Addresses or CIDR blocks, validated and normalised; null = any address. */
  allowIps: string[] | null;
  promptLogging: PromptLoggingSetting | null;
}

export interface TeamConfig {
  name: string;
  models: string[] | null;
  budget: BudgetSetting | null;
  limits: LimitSettings;
  /** `price_multiplier: 0.9` → 900_000. */
  priceMultiplierPpm: number;
  expiresAtMs: number | null;
  promptLogging: PromptLoggingSetting | null;
  members: { member: string; role: TeamMemberRole }[];
}

/** `prices:` — per million tokens, in micro-units of `currency`. */
export interface PriceConfig {
  model: string;
  inputMicros: number;
  /** Defaults to the input price when not given. */
  cachedInputMicros: number;
  outputMicros: number;
}

/** `retry:` — failover attempts per request, all within the request's total deadline. */
export interface RetryConfig {
  /** Upstream attempts per request, the first included (1 = no retry). */
  maxAttempts: number;
  /** Backoff before the second attempt; doubled each time, with full jitter, capped at `maxBackoffMs`. */
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/** `breaker:` — per target and per upstream key. */
export interface BreakerConfig {
  /** Failures within `windowMs` that open the breaker. */
  failureThreshold: number;
  windowMs: number;
  /** How long an open breaker skips its target before one live request probes it (half-open). */
  cooldownMs: number;
}

export interface BillingConfig {
  /** ISO 4217-style code shown next to every amount, e.g. CNY, USD. */
  currency: string;
  /** Output tokens reserved for a request that sets no max_tokens / max_completion_tokens. */
  reserveMaxTokens: number;
  /** Whether cached prompt tokens consume TPM (OpenAI's own limits do not count them). */
  tpmCountsCachedTokens: boolean;
}

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Largest accepted request body. */
  bodyLimitBytes: number;
  /** How long SIGTERM waits for in-flight requests before aborting them. */
  shutdownGraceMs: number;
  logLevel: string;
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
}

export interface OptConfig {
  /** Absolute path of the YAML file read, or null when OPT runs on defaults. */
  sourcePath: string | null;
  server: ServerConfig;
  channels: ChannelConfig[];
  keys: KeyConfig[];
  teams: TeamConfig[];
  prices: PriceConfig[];
  billing: BillingConfig;
  /** `model_limits:` — RPM/TPM/concurrency per public model, across every key. */
  modelLimits: Record<string, LimitSettings>;
  /** From OPT_REDIS_URL (redis://…); null means limits and budgets are kept in this process. */
  redisUrl: string | null;
  /** From OPT_REDIS_PREFIX (default `opt:`): every Redis key OPT writes starts with it. */
  redisPrefix: string;
  /** `fallbacks:` — public model → other public models tried in order when all of its targets fail. */
  fallbacks: Record<string, string[]>;
  retry: RetryConfig;
  breaker: BreakerConfig;
  /**
   * From OPT_SECRET_KEY: encrypts upstream credentials of channels made through the admin API. Null means
   * a key generated once into `<data_dir>/secret.key` (fine for one instance; several need the same key).
   */
  secretKey: string | null;
  /** From OPT_METRICS_TOKEN: `GET /metrics` requires it as a bearer token; null leaves it open (private networks). */
  metricsToken: string | null;
  /** From OPT_ADMIN_KEY; null means generate one at first start. */
  adminKey: string | null;
  /** From OPT_DATABASE_URL (postgres://…); null means SQLite in dataDir. */
  databaseUrl: string | null;
}
