/** `GET /admin/usage` rows (the admin API's usage record view). */
export interface UsageView {
  request_id: string;
  created_at: string;
  key_id: string | null;
  key_name: string | null;
  team_id: string | null;
  endpoint: string;
  model: string;
  served_model: string | null;
  channel: string | null;
  stream: boolean;
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
  cost: string;
  cost_micros: number;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
}

/** `GET /admin/usage/{request_id}`: the record plus the logged bodies (null when prompt logging is off). */
export interface UsageDetail extends UsageView {
  bodies: { request: string; response: string } | null;
  /** True when bodies were kept but this admin key (role viewer) may not read them. */
  bodies_withheld?: boolean;
}

/** The `status` values of a usage record (the `status` filter of /admin/usage). */
export const USAGE_STATUSES = [
  'ok',
  'invalid_request',
  'not_found',
  'upstream_error',
  'timeout',
  'cancelled',
  'rate_limited',
  'quota_exceeded',
  'error',
] as const;

/** The filters of /admin/usage that the Logs page keeps in its URL. */
export const LOG_FILTER_PARAMS = [
  'range',
  'key_id',
  'team_id',
  'model',
  'channel',
  'status',
  'from',
  'to',
] as const;
export type LogFilterName = (typeof LOG_FILTER_PARAMS)[number];
