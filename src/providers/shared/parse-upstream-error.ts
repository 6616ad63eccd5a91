import { UpstreamError } from '../../api/gateway-error.js';
import type { CallSignal, UpstreamTarget } from '../provider-adapter.js';
import { maskSecrets } from './mask-secrets.js';

const MAX_MESSAGE_LENGTH = 1_000;

interface ParsedErrorBody {
  message: string | null;
  type: string | null;
  code: string | null;
  param: string | null;
}

/**
 * Reads the error bodies vendors send: OpenAI `{error:{message,type,code,param}}`, a bare
 * `{error:"..."}`, DashScope/Zhipu `{code,message}`, or plain text.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const empty: ParsedErrorBody = { message: null, type: null, code: null, param: null };
  if (text.length === 0) return empty;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ...empty, message: text.slice(0, MAX_MESSAGE_LENGTH) };
  }
  if (typeof body !== 'object' || body === null) return empty;
  const record = body as Record<string, unknown>;
  const inner = record.error;
  if (typeof inner === 'string') return { ...empty, message: inner };
  const source = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : record;
  return {
    message: asString(source.message) ?? asString(source.msg),
    type: asString(source.type),
    code: asString(source.code) ?? (typeof source.code === 'number' ? String(source.code) : null),
    param: asString(source.param),
  };
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * Turns an upstream non-2xx answer into an UpstreamError. 4xx are relayed faithfully (status, type,
 * code, param, message); 5xx become 502 so clients can tell OPT's own failures from the upstream's.
 */
export function toUpstreamHttpError(
  status: number,
  bodyText: string,
  retryAfter: string | null,
  target: UpstreamTarget,
): UpstreamError {
  const parsed = parseErrorBody(bodyText);
  const message = maskSecrets((parsed.message ?? `HTTP ${status}`).slice(0, MAX_MESSAGE_LENGTH));
  const details = {
    provider: target.provider,
    channel: target.channel,
    upstreamStatus: status,
    rawBody: bodyText,
  };
  const headers: Record<string, string> | undefined = retryAfter ? { 'retry-after': retryAfter } : undefined;
  if (status >= 400 && status < 500) {
    const code = status === 429 ? 'rate_limit_exceeded' : 'invalid_request';
    return new UpstreamError(code, message, details, {
      status,
      param: parsed.param,
      wireType: parsed.type ?? (status === 429 ? 'requests' : 'invalid_request_error'),
      wireCode: parsed.code,
      headers,
    });
  }
  const code =
    status === 503 ? 'upstream_unavailable' : status === 504 ? 'upstream_timeout' : 'upstream_error';
  return new UpstreamError(
    code,
    `Upstream channel '${target.channel}' failed with HTTP ${status}: ${message}`,
    details,
    {
      headers,
    },
  );
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Maps a transport failure (refused, reset, timeout, abort) to an UpstreamError naming no secret. */
export function toUpstreamTransportError(
  error: unknown,
  target: UpstreamTarget,
  signal: CallSignal,
): UpstreamError {
  const details = { provider: target.provider, channel: target.channel, upstreamStatus: null };
  if (error instanceof UpstreamError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    const isTimeout =
      typeof reason === 'object' && reason !== null && (reason as Error).name === 'TimeoutError';
    return isTimeout
      ? new UpstreamError(
          'upstream_timeout',
          `Upstream channel '${target.channel}' exceeded its total time limit.`,
          details,
          { cause: error },
        )
      : new UpstreamError('client_closed_request', 'The request was cancelled.', details, { cause: error });
  }
  const code = errorCode(error);
  if (code && TIMEOUT_CODES.has(code)) {
    const phase =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? 'connecting'
        : code === 'UND_ERR_HEADERS_TIMEOUT'
          ? 'waiting for the response to start'
          : 'waiting for the next part of the response';
    return new UpstreamError(
      'upstream_timeout',
      `Upstream channel '${target.channel}' timed out ${phase}.`,
      details,
      {
        cause: error,
      },
    );
  }
  const reason = code ? describeTransportCode(code) : 'the connection failed';
  return new UpstreamError(
    'upstream_error',
    `Upstream channel '${target.channel}' could not be reached: ${reason}.`,
    details,
    {
      cause: error,
    },
  );
}

function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return null;
}

function describeTransportCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return `transport error ${code}`;
  }
}
