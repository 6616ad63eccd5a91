import { GatewayError, UpstreamError } from '../../api/gateway-error.js';

/**
 * Codes that describe an upstream failing, even when OPT itself raised them (its own deadline, a
 * transport failure). Everything else a plain GatewayError carries is OPT's own decision: a local rate
 * limit, a spent budget, the client leaving, shutdown. Retrying those would only repeat the refusal.
 */
const UPSTREAM_FAILURE_CODES: ReadonlySet<string> = new Set([
  'upstream_error',
  'upstream_timeout',
  'upstream_unavailable',
]);

/** Node and undici codes for a connection that failed or stalled, in case one escapes an adapter. */
const TRANSPORT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * Whether another attempt (the same target again, another key, another target) may succeed where this
 * one failed: connection failures, timeouts, malformed answers, upstream 408/409/429/5xx. Never an
 * upstream 400/401/403/404/422 (the request or the credential is wrong everywhere alike; 401/403 go to
 * `isCredentialFailure`), and never OPT's own refusals.
 */
export function isRetryableUpstreamFailure(error: unknown): boolean {
  if (error instanceof UpstreamError) {
    // `retryable` is derived from the status (408, 409, 429, >= 500) unless the adapter knew better;
    // the client leaving is relayed as a 499 UpstreamError and must never be retried.
    return error.retryable && error.code !== 'client_closed_request';
  }
  if (error instanceof GatewayError) return UPSTREAM_FAILURE_CODES.has(error.code);
  return isTransportFailure(error);
}

/** The upstream refused the credential (401/403): take the key out rather than retry with it. */
export function isCredentialFailure(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  const status = error.details.upstreamStatus;
  return status === 401 || status === 403;
}

/**
 * How long the upstream asked to wait, from the `retry-after` header kept on the error: delay-seconds
 * or an HTTP date (relative to `nowMs`). Null when absent or unreadable; a date in the past is 0.
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
export function retryAfterMsOf(error: unknown, nowMs: number): number | null {
  if (!(error instanceof GatewayError) || error.headers === undefined) return null;
  const value = error.headers['retry-after']?.trim();
  if (!value) return null;
  // RFC 9110 allows whole seconds only; some vendors send fractions, which are meant the same way.
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  // Date.parse reads '-5' as a year; an HTTP date always names its day and month in letters.
  const dateMs = /[A-Za-z]/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - nowMs);
}

function isTransportFailure(error: unknown): boolean {
  let current: unknown = error;
  // Bounded walk: undici wraps the socket error one or two levels down in `cause`.
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current.name === 'TimeoutError') return true;
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && TRANSPORT_CODES.has(code)) return true;
    current = current.cause;
  }
  return false;
}
