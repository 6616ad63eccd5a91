import type { Generated } from 'kysely';

/**
 * Kysely table types: the snake_case shape of each table exactly as both dialects return it.
 * Booleans are 0/1 integers and timestamps are Unix milliseconds (pg's int8 parser is set to Number).
 */

/** The settings columns teams and keys share: budget, rate limits and prompt logging. */
export interface SettingsColumns {
  /** Set together with budget_period, or both null (no budget). */
  budget_micros: number | null;
  budget_period: string | null;
  rpm: number | null;
  tpm: number | null;
  concurrency: number | null;
  /** Null means prompt logging is off. */
  prompt_retention_days: number | null;
}

export interface ApiKeysTable extends SettingsColumns {
  id: string;
  name: string;
  key_hash: string;
  key_hint: string;
  /** JSON array of public model ids; null means every model. */
  models: string | null;
  source: string;
  created_at: number;
  revoked_at: number | null;
  team_id: string | null;
  expires_at: number | null;
  /** JSON array of addresses or CIDR blocks; null means any address. */
  allow_ips: string | null;
  disabled_at: number | null;
  updated_at: number;
}

export interface AdminKeysTable {
  id: string;
  name: string;
  key_hash: string;
  key_hint: string;
  role: string;
  created_at: number;
  revoked_at: number | null;
}

export interface TeamsTable extends SettingsColumns {
  id: string;
  name: string;
  /** JSON array of public model ids; null means every model. */
  models: string | null;
  price_multiplier_ppm: number;
  expires_at: number | null;
  source: string;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface TeamMembersTable {
  team_id: string;
  member: string;
  role: string;
  created_at: number;
}

export interface PricesTable {
  model: string;
  input_micros: number;
  cached_input_micros: number;
  output_micros: number;
  source: string;
  updated_at: number;
}

export interface LedgerEntriesTable {
  id: string;
  created_at: number;
  kind: string;
  key_id: string | null;
  team_id: string | null;
  /** Signed: grants positive, charges negative. */
  amount_micros: number;
  request_id: string | null;
  model: string | null;
  actor: string | null;
  note: string | null;
}

export interface AuditLogTable {
  id: string;
  created_at: number;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

export interface RequestBodiesTable {
  request_id: string;
  created_at: number;
  expires_at: number;
  request_body: string;
  response_body: string;
}

export interface UsageRecordsTable {
  request_id: string;
  created_at: number;
  key_id: string | null;
  key_name: string | null;
  team_id: string | null;
  endpoint: string;
  model: string;
  served_model: string | null;
  channel: string | null;
  stream: number;
  status: string;
  http_status: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  total_tokens: number;
  usage_source: string;
  latency_ms: number;
  ttft_ms: number | null;
  error_code: string | null;
  error_message: string | null;
  cost_micros: number;
  /** Upstream attempts (retries and failovers included); the column defaults to 1. */
  attempts: Generated<number>;
}

export interface ChannelsTable {
  id: string;
  name: string;
  provider: string;
  base_url: string;
  /** Azure OpenAI's api-version; null for other providers. */
  api_version: string | null;
  /** A sealed JSON array of upstream keys (src/admin/secret-box.ts). */
  api_keys_sealed: string;
  /** A sealed JSON object of extra headers: they may carry credentials too. */
  headers_sealed: string;
  /** JSON array of public model ids. */
  models: string;
  /** JSON object: public model id -> upstream model id. */
  model_map: string;
  priority: number;
  weight: number;
  /** JSON object {connect_ms, first_byte_ms, idle_ms, total_ms}. */
  timeouts: string;
  max_connections: number;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

/** One row per upstream key an upstream refused (401/403); the key is enabled again by deleting it. */
export interface ChannelKeyStatesTable {
  channel_name: string;
  /** First 16 hex characters of the key's SHA-256. */
  key_fingerprint: string;
  disabled_at: number;
  reason: string;
}

export interface SettingsTable {
  name: string;
  value: string;
}

export interface Database {
  api_keys: ApiKeysTable;
  admin_keys: AdminKeysTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  prices: PricesTable;
  ledger_entries: LedgerEntriesTable;
  audit_log: AuditLogTable;
  request_bodies: RequestBodiesTable;
  usage_records: UsageRecordsTable;
  channels: ChannelsTable;
  channel_key_states: ChannelKeyStatesTable;
  settings: SettingsTable;
}

/** The `settings` row that counts key mutations, so other processes notice CLI changes. */
export const KEYS_VERSION_SETTING = 'keys_version';

/** The `settings` row bumped by every channel and key-state mutation, so instances reload their channels. */
export const CHANNELS_VERSION_SETTING = 'channels_version';
