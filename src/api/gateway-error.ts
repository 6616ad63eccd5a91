import type { ErrorEnvelope } from './chat-types.js';
import { ERROR_CATALOG, type ErrorCode } from './error-codes.js';

export interface GatewayErrorOptions {
  param?: string | null;
  cause?: unknown;
  /** Override the catalog's HTTP status (used to relay an upstream status faithfully). */
  status?: number;
  /** Override the wire `type`/`code` (used to relay an upstream error body faithfully). */
  wireType?: string;
  wireCode?: string | null;
  retryable?: boolean;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
}

/** The one error type that crosses layers; `src/server` renders it as the OpenAI envelope. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly param: string | null;
  readonly retryable: boolean;
  readonly wireType: string;
  readonly wireCode: string | null;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const entry = ERROR_CATALOG[code];
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? entry.status;
    this.param = options.param ?? null;
    this.wireType = options.wireType ?? entry.type;
    this.wireCode = options.wireCode === undefined ? entry.wireCode : options.wireCode;
    this.retryable =
      options.retryable ??
      (code !== 'insufficient_quota' &&
        (this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500));
    this.headers = options.headers;
  }

  toEnvelope(): ErrorEnvelope {
    return { error: { message: this.message, type: this.wireType, param: this.param, code: this.wireCode } };
  }
}

export class InvalidRequestError extends GatewayError {
  constructor(message: string, param: string | null = null, code: ErrorCode = 'invalid_request') {
    super(code, message, { param });
  }
}

export class AuthError extends GatewayError {
  constructor(message = 'Incorrect API key provided.') {
    super('invalid_api_key', message, { headers: { 'www-authenticate': 'Bearer' } });
  }
}

export class NoRouteError extends GatewayError {
  constructor(model: string) {
    super('model_not_found', `The model \`${model}\` does not exist or you do not have access to it.`, {
      param: 'model',
    });
  }
}

export interface UpstreamErrorDetails {
  provider: string;
  channel: string;
  upstreamStatus: number | null;
  /** The raw upstream body, for logs only; never sent to clients unmasked. */
  rawBody?: string;
}

/** An upstream failed: its status and body are kept for logs; the client sees a safe message. */
export class UpstreamError extends GatewayError {
  readonly details: UpstreamErrorDetails;

  constructor(
    code: ErrorCode,
    message: string,
    details: UpstreamErrorDetails,
    options: GatewayErrorOptions = {},
  ) {
    super(code, message, options);
    this.details = details;
  }
}

/** Wraps anything thrown into a GatewayError without leaking its message (it may hold a path or secret). */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError('internal_error', 'The server had an error while processing your request.', {
    cause: error,
  });
}
