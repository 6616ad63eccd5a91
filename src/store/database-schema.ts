/**
 * Kysely table types: the snake_case shape of each table exactly as both dialects return it.
 * Booleans are 0/1 integers and timestamps are Unix milliseconds (pg's int8 parser is set to Number).
 */

export interface ApiKeysTable {
  id: string;
  name: string;
  key_hash: string;
  key_hint: string;
  /** JSON array of public model ids; null means every model. */
  models: string | null;
  source: string;
  created_at: number;
  revoked_at: number | null;
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

export interface UsageRecordsTable {
  request_id: string;
  created_at: number;
  key_id: string | null;
  key_name: string | null;
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
}

export interface SettingsTable {
  name: string;
  value: string;
}

export interface Database {
  api_keys: ApiKeysTable;
  admin_keys: AdminKeysTable;
  usage_records: UsageRecordsTable;
  settings: SettingsTable;
}

/** The `settings` row that counts key mutations, so other processes notice CLI changes. */
export const KEYS_VERSION_SETTING = 'keys_version';
