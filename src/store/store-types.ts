/** Rows and filters the store exposes. Timestamps are Unix milliseconds; money is integer micro-units. */

/**
 * A budget: an amount of the configured currency (in micro-units) per period. `period` is canonical text:
 * `none`, `daily`, `weekly`, `monthly` (UTC calendar periods) or `rolling_<N>h` / `rolling_<N>d`
 * (a sliding window); see `src/gateway/quota/budget-period.ts`.
 */
export interface BudgetSetting {
  amountMicros: number;
  period: string;
}

/** Rate limits; null means no limit of that kind. */
export interface LimitSettings {
  rpm: number | null;
  tpm: number | null;
  concurrency: number | null;
}

/** Prompt logging for a team or key: request and response bodies kept for `retentionDays`. */
export interface PromptLoggingSetting {
  retentionDays: number;
}

/** Where a team, key or price came from: the admin API/CLI, or the YAML config (which owns it). */
export type RowSource = 'api' | 'config';

export interface TeamRow {
  id: string;
  name: string;
  /** Allowed public model ids; null means every model. */
  models: string[] | null;
  budget: BudgetSetting | null;
  limits: LimitSettings;
  /** Price multiplier in parts per million: 1_000_000 = list price, 900_000 = 10% discount. */
  priceMultiplierPpm: number;
  expiresAtMs: number | null;
  /** null = prompt logging off (the default). */
  promptLogging: PromptLoggingSetting | null;
  source: RowSource;
  disabledAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
  /** Soft delete: the row stays so ledger entries and usage records keep their team. */
  deletedAtMs: number | null;
}

export type TeamMemberRole = 'owner' | 'member';

export interface TeamMemberRow {
  teamId: string;
  /** A user identity (an e-mail address or user name); users themselves arrive with the console. */
  member: string;
  role: TeamMemberRole;
  createdAtMs: number;
}

/** Prices per million tokens, in micro-units of the configured currency. */
export interface PriceRow {
  model: string;
  inputMicros: number;
  cachedInputMicros: number;
  outputMicros: number;
  source: RowSource;
  updatedAtMs: number;
}

/**
 * An immutable ledger entry. `amountMicros` is signed: grants are positive, charges negative.
 * A charge names the key and (when the key has one) its team; a grant names exactly one of them.
 */
export interface LedgerEntry {
  /** Charges use `chg_<requestId>`, so a request is charged at most once. */
  id: string;
  createdAtMs: number;
  kind: LedgerEntryKind;
  keyId: string | null;
  teamId: string | null;
  amountMicros: number;
  requestId: string | null;
  model: string | null;
  /** Who made a grant (admin key name) or `system`. */
  actor: string | null;
  note: string | null;
}

/** `grant`: an admin top-up; `reset`: an admin budget reset (a grant of what the period had spent). */
export type LedgerEntryKind = 'charge' | 'grant' | 'reset';

export interface LedgerQuery {
  keyId?: string;
  teamId?: string;
  kind?: LedgerEntryKind;
  fromMs?: number;
  toMs?: number;
  limit?: number;
  cursor?: string;
}

export interface LedgerPage {
  data: LedgerEntry[];
  nextCursor: string | null;
}

/** Σ of entries matching a query, split by sign, in micro-units (debits as a positive number). */
export interface LedgerTotals {
  creditsMicros: number;
  debitsMicros: number;
  entries: number;
}

export interface AuditEntry {
  id: string;
  createdAtMs: number;
  /** The admin key's id and name, or `config` / `system` for changes made at boot. */
  actorId: string | null;
  actorName: string;
  /** Dotted verb, e.g. `team.create`, `key.update`, `price.delete`, `ledger.grant`. */
  action: string;
  targetType: string;
  targetId: string | null;
  /** JSON of the object before and after the change, secrets already masked; null when absent. */
  before: string | null;
  after: string | null;
}

export interface AuditQuery {
  action?: string;
  targetType?: string;
  targetId?: string;
  fromMs?: number;
  toMs?: number;
  limit?: number;
  cursor?: string;
}

export interface AuditPage {
  data: AuditEntry[];
  nextCursor: string | null;
}

/** Bodies kept for a request whose team or key has prompt logging on; purged after `expiresAtMs`. */
export interface LoggedBodies {
  request: string;
  response: string;
  expiresAtMs: number;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  /** Hex SHA-256 of the full key; the key itself is never stored. */
  keyHash: string;
  /** A masked form safe to show and log, e.g. `sk-opt-…a1b2`. */
  keyHint: string;
  /** Allowed public model ids; null means every model. */
  models: string[] | null;
  /** Where the key came from: the admin API/CLI, or the YAML config (name is then the config's name). */
  source: RowSource;
  createdAtMs: number;
  /** Deletion: a revoked key is gone for good (its hash stays so the secret is never reused). */
  revokedAtMs: number | null;
  teamId: string | null;
  budget: BudgetSetting | null;
  limits: LimitSettings;
  expiresAtMs: number | null;
  /** IPv4/IPv6 addresses or CIDR blocks; null means any address. */
  allowIps: string[] | null;
  promptLogging: PromptLoggingSetting | null;
  /** A disabled key is refused but can be enabled again. */
  disabledAtMs: number | null;
  updatedAtMs: number;
}

export type AdminRole = 'admin' | 'viewer';

export interface AdminKeyRow {
  id: string;
  name: string;
  keyHash: string;
  keyHint: string;
  role: AdminRole;
  createdAtMs: number;
  revokedAtMs: number | null;
}

export type UsageStatus =
  | 'ok'
  | 'invalid_request'
  | 'not_found'
  | 'upstream_error'
  | 'timeout'
  | 'cancelled'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'error';

/** Where the token counts came from: the upstream's own usage, or OPT's tokenizer when it sent none. */
export type UsageSource = 'upstream' | 'estimated' | 'none';

/** One record per authenticated request. `requestId` is the primary key: a request is recorded once. */
export interface UsageRecord {
  requestId: string;
  createdAtMs: number;
  keyId: string | null;
  keyName: string | null;
  teamId: string | null;
  endpoint: string;
  /** The public model id the client asked for. */
  model: string;
  /** The model the upstream reported serving (may be a dated snapshot), when known. */
  servedModel: string | null;
  channel: string | null;
  stream: boolean;
  status: UsageStatus;
  httpStatus: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  totalTokens: number;
  usageSource: UsageSource;
  latencyMs: number;
  /** Time to first token (first content/tool delta reaching the client); null when none was sent. */
  ttftMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** What the request cost, in micro-units, after the team's multiplier; equals its charge ledger entry. */
  costMicros: number;
  /** Upstream attempts (retries and failovers included); 0 when no upstream was called. */
  attempts: number;
  /** Present only when prompt logging is on for the key or its team; stored apart from the record. */
  bodies?: LoggedBodies;
}

export interface UsageQuery {
  /** One request's record (the console's detail view). */
  requestId?: string;
  keyId?: string;
  teamId?: string;
  model?: string;
  channel?: string;
  status?: UsageStatus;
  fromMs?: number;
  toMs?: number;
  /** Page size, 1..1000 (default 100). */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface UsagePage {
  data: UsageRecord[];
  nextCursor: string | null;
}

/** UTC minutes, hours or days; `all` is one bucket over the whole range (starting at the filter's `fromMs`, else 0). */
export type UsageBucket = 'minute' | 'hour' | 'day' | 'all';
/** `none`: one group for every record (group null), so percentiles cover the whole bucket. */
export type UsageGroup = 'model' | 'key' | 'team' | 'none';

/** Aggregates over the records matching `filter`, per time bucket (UTC) and group. */
export interface UsageSummaryQuery {
  filter: Omit<UsageQuery, 'limit' | 'cursor'>;
  bucket: UsageBucket;
  groupBy: UsageGroup;
}

export interface UsageSummaryRow {
  /** Start of the UTC minute, hour or day (for `all`, the range's start). */
  bucketStartMs: number;
  /** The model id, key id or team id (null for records without a key or team). */
  group: string | null;
  requests: number;
  /** Records whose status is not `ok`. */
  errors: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  costMicros: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  /** Over records that have a time to first token. */
  ttftP50Ms: number | null;
  ttftP99Ms: number | null;
}

/** Upstream deadlines of a channel, in milliseconds (the YAML's `timeouts:`). */
export interface ChannelTimeoutSettings {
  connectMs: number;
  firstByteMs: number;
  idleMs: number;
  totalMs: number;
}

/**
 * A channel made through the admin API (the YAML's channels are not stored). Credentials stay sealed
 * here: the store never sees them in the clear (src/admin/secret-box.ts seals and opens them).
 */
export interface ChannelRow {
  id: string;
  /** Unique among stored channels; usage records name their channel by it. */
  name: string;
  provider: string;
  baseUrl: string;
  /** Azure OpenAI's api-version; null for other providers. */
  apiVersion: string | null;
  /** A sealed JSON array of upstream keys ([] for upstreams that need none). */
  apiKeysSealed: string;
  /** A sealed JSON object of extra headers. */
  headersSealed: string;
  models: string[];
  modelMap: Record<string, string>;
  priority: number;
  weight: number;
  timeouts: ChannelTimeoutSettings;
  maxConnections: number;
  /** A disabled channel serves nothing until enabled again. */
  disabledAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/** An upstream key an upstream refused (401/403): skipped until an admin enables it again. */
export interface UpstreamKeyState {
  channelName: string;
  /** `fingerprintUpstreamKey(key)`: the first 16 hex characters of its SHA-256. */
  fingerprint: string;
  disabledAtMs: number;
  reason: string;
}
