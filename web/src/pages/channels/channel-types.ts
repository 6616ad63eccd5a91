/** Shapes of `/admin/channels` and `/admin/providers` answers (src/admin/channel-views.ts, channel-health.ts). */

export type BreakerState = 'closed' | 'open' | 'half_open';
export type ChannelHealthStatus = 'healthy' | 'degraded' | 'down' | 'disabled' | 'unknown';

export interface ChannelKeyHealth {
  index: number;
  hint: string;
  breaker: BreakerState | null;
  cooling_until: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
}

export interface ChannelHealth {
  status: ChannelHealthStatus;
  targets: { model: string; breaker: BreakerState; opened_at: string | null; next_probe_at: string | null }[];
  keys: ChannelKeyHealth[];
  recent: {
    window_ms: number;
    requests: number;
    errors: number;
    error_rate: number | null;
    latency_p50_ms: number | null;
    latency_p99_ms: number | null;
  } | null;
}

export interface ChannelTimeouts {
  connect_ms: number;
  first_byte_ms: number;
  idle_ms: number;
  total_ms: number;
}

export interface ChannelView {
  id: string;
  object: 'channel';
  name: string;
  status: 'active' | 'disabled';
  provider: string;
  base_url: string;
  api_version: string | null;
  /** Hints only (`sk-...abcd`); the keys themselves never come back. */
  api_keys: string[] | null;
  key_count: number | null;
  models: string[];
  model_map: Record<string, string>;
  /** Header names only: their values may be credentials. */
  header_names: string[] | null;
  priority: number;
  weight: number;
  timeouts: ChannelTimeouts;
  max_connections: number;
  source: 'config' | 'api';
  disabled_at: string | null;
  created_at: string | null;
  updated_at: string | null;
  credentials_error?: string;
  health?: ChannelHealth;
}

/** `POST /admin/channels/{id}/test`. */
export interface ChannelTestResult {
  object: 'channel_test';
  ok: boolean;
  latency_ms: number;
  status: number | null;
  model: string;
  error?: string;
}

/** `GET /admin/providers`. */
export interface ProviderView {
  object: 'provider';
  id: string;
  default_base_url: string | null;
  api_version: { default: string } | null;
}
