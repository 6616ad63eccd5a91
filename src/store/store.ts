import type { AdminKeyRow, ApiKeyRow, UsagePage, UsageQuery, UsageRecord } from './store-types.js';

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
  /** A counter bumped by every key mutation, polled so other processes notice CLI changes. */
  getKeysVersion(): Promise<number>;

  insertAdminKey(row: AdminKeyRow): Promise<void>;
  listAdminKeys(options?: ListKeysOptions): Promise<AdminKeyRow[]>;
  /** False when the admin key is unknown or already revoked. */
  revokeAdminKey(id: string, atMs: number): Promise<boolean>;
  /** Non-revoked admin keys. */
  countAdminKeys(): Promise<number>;

  /** Inserts in one transaction; rows whose requestId exists are skipped. Returns how many were new. */
  appendUsageBatch(records: readonly UsageRecord[]): Promise<number>;
  /** Newest first, keyset-paginated. Throws InvalidRequestError for a malformed cursor. */
  queryUsage(query: UsageQuery): Promise<UsagePage>;
  /** Rows matching the filters of `query` (limit and cursor are ignored). */
  countUsage(query: UsageQuery): Promise<number>;
}
