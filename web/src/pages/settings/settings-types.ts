/**
 * `GET /admin/settings` (src/admin/settings-view.ts). Everything but the currency is absent when the
 * server was started without a settings view (tests), so the page shows what is there.
 */
export interface SettingsDetails {
  object: 'settings';
  currency: string;
  config_file?: string | null;
  storage?: { database: 'sqlite' | 'postgresql'; quotas: 'memory' | 'redis' };
  billing?: { reserve_max_tokens: number; tpm_counts_cached_tokens: boolean };
  retry?: { max_attempts: number; initial_backoff_ms: number; max_backoff_ms: number };
  breaker?: { failure_threshold: number; window_ms: number; cooldown_ms: number };
  server?: { body_limit_bytes: number; shutdown_grace_ms: number; trust_proxy: boolean };
  retention?: { prompt_logging_default: string; body_purge_interval_ms: number };
  metrics_protected?: boolean;
  models?: string[] | null;
}

/** `GET /admin/admin-keys` items (src/admin/admin-key-service.ts); `key` only in the create answer. */
export interface AdminKeyView {
  id: string;
  object: 'admin_key';
  name: string;
  role: 'admin' | 'viewer';
  key_hint: string;
  created_at: string;
  revoked_at: string | null;
  key?: string;
}
