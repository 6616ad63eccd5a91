import type {
  AdminKeyRow,
  ApiKeyRow,
  AuditEntry,
  AuditPage,
  AuditQuery,
  ChannelRow,
  LedgerEntry,
  LedgerPage,
  LedgerQuery,
  LedgerTotals,
  PriceRow,
  TeamMemberRow,
  TeamRow,
  UpstreamKeyState,
  UsagePage,
  UsageQuery,
  UsageRecord,
  UsageSummaryQuery,
  UsageSummaryRow,
} from './store-types.js';

export type StoreDialect = 'sqlite' | 'postgres';

/** The subset of a pino logger the store uses. */
export interface StoreLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface OpenStoreOptions {
  /** `postgres://…`; null means the SQLite file `<dataDir>/opt.db`. */
  databaseUrl: string | null;
  dataDir: string;
  logger?: StoreLogger;
}

export interface ListKeysOptions {
  includeRevoked?: boolean;
}

/**
 * Persistence for keys and usage, identical on SQLite and PostgreSQL. Nothing on the request path calls it:
 * keys are served from a cache refreshed when `getKeysVersion()` changes, usage goes through the batch writer.
 */
export interface Store {
  readonly dialect: StoreDialect;
  /** Applies pending migrations; returns the names applied by this call. Safe to run from two processes. */
  migrate(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;

  insertApiKey(row: ApiKeyRow): Promise<void>;
  listApiKeys(options?: ListKeysOptions): Promise<ApiKeyRow[]>;
  findApiKeyById(id: string): Promise<ApiKeyRow | null>;
  /** The non-revoked key with this name (the newest, should several share it). */
  findApiKeyByName(name: string): Promise<ApiKeyRow | null>;
  /** False when the key is unknown or already revoked. */
  revokeApiKey(id: string, atMs: number): Promise<boolean>;
  /** False when the key is unknown. */
  updateApiKeyModels(id: string, models: string[] | null): Promise<boolean>;
  /**
   * Replaces every mutable field of a key (name, models, team, budget, limits, expiry, IPs, prompt
   * logging, disabled, updated) by id; hash, hint, source and creation stay. False when unknown.
   */
  updateApiKey(row: ApiKeyRow): Promise<boolean>;
  /**
   * A counter bumped by every key, team and price mutation, polled so other processes notice
   * changes made by the CLI or another instance.
   */
  getKeysVersion(): Promise<number>;

  insertAdminKey(row: AdminKeyRow): Promise<void>;
  listAdminKeys(options?: ListKeysOptions): Promise<AdminKeyRow[]>;
  /** False when the admin key is unknown or already revoked. */
  revokeAdminKey(id: string, atMs: number): Promise<boolean>;
  /** Non-revoked admin keys. */
  countAdminKeys(): Promise<number>;

  /** Inserts a team and bumps the keys version. */
  insertTeam(row: TeamRow): Promise<void>;
  /** Replaces every field but id, source and createdAtMs; bumps the keys version. False when unknown. */
  updateTeam(row: TeamRow): Promise<boolean>;
  findTeamById(id: string): Promise<TeamRow | null>;
  /** The team with this name that is not deleted. */
  findTeamByName(name: string): Promise<TeamRow | null>;
  /** Oldest first; deleted teams only when asked. */
  listTeams(options?: { includeDeleted?: boolean }): Promise<TeamRow[]>;

  listTeamMembers(teamId: string): Promise<TeamMemberRow[]>;
  /** Inserts or changes the member's role. */
  upsertTeamMember(row: TeamMemberRow): Promise<void>;
  /** False when the member was not in the team. */
  removeTeamMember(teamId: string, member: string): Promise<boolean>;

  /** Sorted by model id. */
  listPrices(): Promise<PriceRow[]>;
  /** Inserts or replaces the model's price; bumps the keys version. */
  upsertPrice(row: PriceRow): Promise<void>;
  /** False when the model had no price. Bumps the keys version. */
  deletePrice(model: string): Promise<boolean>;

  /** Inserts a channel (fails when its name is taken) and bumps the channels version. */
  insertChannel(row: ChannelRow): Promise<void>;
  /**
   * Replaces every field but id and createdAtMs; a rename carries the key states along. Bumps the
   * channels version. False when unknown.
   */
  updateChannel(row: ChannelRow): Promise<boolean>;
  /** Hard delete with its key states (usage records keep the name); bumps the channels version. */
  deleteChannel(id: string): Promise<boolean>;
  findChannelById(id: string): Promise<ChannelRow | null>;
  findChannelByName(name: string): Promise<ChannelRow | null>;
  /** Oldest first. */
  listChannels(): Promise<ChannelRow[]>;
  /**
   * A counter bumped by every channel and key-state mutation, polled so every instance reloads its
   * channel catalog after a change made elsewhere.
   */
  getChannelsVersion(): Promise<number>;
  /** Disabled upstream keys (of every channel, or of one), by channel name then fingerprint. */
  listKeyStates(channelName?: string): Promise<UpstreamKeyState[]>;
  /** Disables an upstream key (null enables it again); bumps the channels version. */
  setKeyState(
    channelName: string,
    fingerprint: string,
    state: { disabledAtMs: number; reason: string } | null,
  ): Promise<void>;

  /** Inserts in one transaction; entries whose id exists are skipped. Returns how many were new. */
  appendLedgerEntries(entries: readonly LedgerEntry[]): Promise<number>;
  /** Newest first, keyset-paginated like usage. */
  queryLedger(query: LedgerQuery): Promise<LedgerPage>;
  /** Σ over every entry matching the filters of `query` (limit and cursor are ignored). */
  sumLedger(query: LedgerQuery): Promise<LedgerTotals>;

  appendAuditEntry(entry: AuditEntry): Promise<void>;
  /** Newest first, keyset-paginated. */
  queryAudit(query: AuditQuery): Promise<AuditPage>;

  /**
   * Inserts in one transaction; rows whose requestId exists are skipped. Returns how many were new.
   * With each new record go its charge ledger entry (`chg_<requestId>`, when `costMicros > 0`) and its
   * logged bodies (when present), in the same transaction, so usage and ledger can never disagree.
   */
  appendUsageBatch(records: readonly UsageRecord[]): Promise<number>;
  /** The logged bodies of one request, or null (none kept, or purged). */
  findRequestBodies(requestId: string): Promise<{ request: string; response: string } | null>;
  /** Deletes bodies whose retention ended before `nowMs`; returns how many. */
  purgeRequestBodies(nowMs: number): Promise<number>;
  /** Aggregates, sorted by bucket then group. Percentiles are exact (nearest-rank) over the matching rows. */
  summarizeUsage(query: UsageSummaryQuery): Promise<UsageSummaryRow[]>;
  /** Newest first, keyset-paginated. Throws InvalidRequestError for a malformed cursor. */
  queryUsage(query: UsageQuery): Promise<UsagePage>;
  /** Rows matching the filters of `query` (limit and cursor are ignored). */
  countUsage(query: UsageQuery): Promise<number>;
}
