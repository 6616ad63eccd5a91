import type { FastifyReply, FastifyRequest } from 'fastify';
import { toAnthropicErrorEnvelope } from '../api/anthropic-messages/anthropic-error-envelope.js';
import type { ErrorEnvelope } from '../api/chat-types.js';
import { GatewayError, toGatewayError } from '../api/gateway-error.js';
import { maskSecrets } from '../providers/shared/mask-secrets.js';

interface Logger {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * The one place errors become responses. Fastify's own errors (body too large, bad content type,
 * malformed JSON) are mapped to their statuses; anything unexpected is a 500 with a generic message,
 * logged with its cause but never returned (stack traces and paths stay on the server).
 */
export function toResponseError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  const fastifyCode = (error as { code?: unknown })?.code;
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  switch (fastifyCode) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError('request_too_large', 'The request body is larger than this server accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError('unsupported_media_type', 'Send the request body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GatewayError('invalid_json', 'The request body is empty; expected a JSON object.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new GatewayError('invalid_request', 'The Content-Length header does not match the body.');
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new GatewayError('invalid_request', 'The request could not be read.', { status: statusCode });
  }
  return toGatewayError(error);
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown, log: Logger): void {
  const gatewayError = toResponseError(error);
  logError(request.id, gatewayError, log);
  if (gatewayError.headers) reply.headers(gatewayError.headers);
  // A default back-off for throttling that says nothing; OPT's own refusals set their own (or none).
  if ((gatewayError.status === 429 || gatewayError.status === 503) && gatewayError.retryable) {
    if (!gatewayError.headers?.['retry-after']) reply.header('retry-after', '1');
  }
  if (gatewayError.code === 'insufficient_quota') reply.header('x-should-retry', 'false');
  // The envelope follows the API the route speaks: Anthropic's on /v1/messages*, OpenAI's elsewhere.
  const anthropic = isMessagesApiPath(request.url);
  if (anthropic) reply.header('request-id', request.id);
  reply
    .code(gatewayError.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(
      JSON.stringify(
        anthropic ? toAnthropicErrorEnvelope(gatewayError, request.id) : gatewayError.toEnvelope(),
      ),
    );
}

/** `/v1/messages` and everything under it (count_tokens): Anthropic's Messages API surface. */
export function isMessagesApiPath(url: string): boolean {
  if (!url.startsWith('/v1/messages')) return false;
  const next = url.charAt('/v1/messages'.length);
  return next === '' || next === '/' || next === '?';
}

export function logError(requestId: string, error: GatewayError, log: Logger): void {
  if (error.status >= 500) {
    const cause =
      error.cause instanceof Error ? maskSecrets(error.cause.stack ?? error.cause.message) : undefined;
    log.error({ requestId, code: error.code, status: error.status, cause }, maskSecrets(error.message));
  } else if (error.status !== 401 && error.status !== 404 && error.status < 499) {
    log.warn({ requestId, code: error.code, status: error.status }, maskSecrets(error.message));
  }
}

/** For failures below Fastify (HTTP parser errors): a complete raw response on the socket. */
export function rawErrorResponse(
  status: number,
  reason: string,
  envelope: ErrorEnvelope,
  requestId: string,
): string {
  const body = JSON.stringify(envelope);
  return (
    `HTTP/1.1 ${status} ${reason}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `x-request-id: ${requestId}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}
