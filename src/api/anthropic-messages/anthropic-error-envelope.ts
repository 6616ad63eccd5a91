import type { GatewayError } from '../gateway-error.js';

/** Anthropic's error body: `{type: 'error', error: {type, message}, request_id}`. */
export interface AnthropicErrorEnvelope {
  type: 'error';
  error: { type: string; message: string };
  request_id: string | null;
}

/**
 * OPT's error → Anthropic's envelope, with the status OPT would use anyway; only the `type` is
 * Anthropic's, chosen by status as Anthropic's own table does (a budget or quota refusal stays a 429,
 * `rate_limit_error`, with its retry headers). Clients act on the status: the official SDK maps it to
 * its error classes (401 AuthenticationError, 404 NotFoundError, 429 RateLimitError, …).
 * @see https://docs.anthropic.com/en/api/errors
 */
export function toAnthropicErrorEnvelope(
  error: GatewayError,
  requestId: string | null,
): AnthropicErrorEnvelope {
  return {
    type: 'error',
    error: { type: anthropicErrorType(error), message: error.message },
    request_id: requestId,
  };
}

export function anthropicErrorType(error: GatewayError): string {
  switch (error.status) {
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
  }
  return error.status >= 500 ? 'api_error' : 'invalid_request_error';
}
