/**
 * The catalog of stable error codes OPT emits, with the OpenAI `type` and HTTP status each maps to.
 * @see ../shared/API-CONTRACT.md §5
 */
export const ERROR_CATALOG = {
  invalid_request: { status: 400, type: 'invalid_request_error', wireCode: null },
  invalid_json: { status: 400, type: 'invalid_request_error', wireCode: null },
  context_length_exceeded: {
    status: 400,
    type: 'invalid_request_error',
    wireCode: 'context_length_exceeded',
  },
  invalid_api_key: { status: 401, type: 'invalid_request_error', wireCode: 'invalid_api_key' },
  /** A disabled or expired key or team (authentication succeeded, use is refused). */
  key_disabled: { status: 401, type: 'invalid_request_error', wireCode: 'invalid_api_key' },
  permission_denied: { status: 403, type: 'permission_error', wireCode: null },
  ip_not_allowed: { status: 403, type: 'permission_error', wireCode: 'ip_not_allowed' },
  model_not_found: { status: 404, type: 'invalid_request_error', wireCode: 'model_not_found' },
  not_found: { status: 404, type: 'invalid_request_error', wireCode: 'not_found' },
  method_not_allowed: { status: 405, type: 'invalid_request_error', wireCode: null },
  /** The change conflicts with the current state (a name taken, a row the YAML config owns). */
  conflict: { status: 409, type: 'invalid_request_error', wireCode: 'conflict' },
  request_too_large: { status: 413, type: 'invalid_request_error', wireCode: null },
  unsupported_media_type: { status: 415, type: 'invalid_request_error', wireCode: null },
  /** Not sent to anyone (the client is gone); recorded as the request's outcome. */
  client_closed_request: { status: 499, type: 'invalid_request_error', wireCode: 'client_closed_request' },
  rate_limit_exceeded: { status: 429, type: 'requests', wireCode: 'rate_limit_exceeded' },
  /** OPT's own limit (RPM/TPM/concurrency of a key, team or model), as opposed to an upstream's 429. */
  local_rate_limit: { status: 429, type: 'requests', wireCode: 'rate_limit_exceeded' },
  insufficient_quota: { status: 429, type: 'insufficient_quota', wireCode: 'insufficient_quota' },
  internal_error: { status: 500, type: 'server_error', wireCode: null },
  upstream_error: { status: 502, type: 'server_error', wireCode: 'upstream_error' },
  upstream_unavailable: { status: 503, type: 'server_error', wireCode: 'upstream_unavailable' },
  shutting_down: { status: 503, type: 'server_error', wireCode: 'server_shutting_down' },
  /** Budgets and limits cannot be checked (Redis unreachable): refused rather than served unmetered. */
  quota_unavailable: { status: 503, type: 'server_error', wireCode: 'quota_unavailable' },
  upstream_timeout: { status: 504, type: 'server_error', wireCode: 'upstream_timeout' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOG;
