import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Usage } from '../api/chat-types.js';
import type { GatewayError } from '../api/gateway-error.js';
import { formatMicros } from '../api/money.js';
import type { RequestMeter } from '../gateway/request-meter.js';
import { setQuotaHeaders } from './quota-headers.js';

/**
 * How every metered answer goes out, whatever its wire format (OpenAI chat, embeddings, Anthropic
 * messages): the admission's quota headers, `x-opt-cost` on a JSON answer, and a 200 event stream opened
 * only once the first chunk is in hand.
 */

/** A whole JSON answer: quota headers, its cost when the usage is known, and the body text. */
export function sendJsonAnswer(
  reply: FastifyReply,
  meter: RequestMeter,
  currency: string,
  usage: Usage | null | undefined,
  body: string,
): void {
  setQuotaHeaders(reply, meter.quotaState, currency);
  const costMicros = usage ? meter.costOfUsage(usage) : null;
  if (costMicros !== null) reply.header('x-opt-cost', formatMicros(costMicros));
  reply.header('content-type', 'application/json; charset=utf-8').send(body);
}

/** Commits to a 200 event stream with the quota headers; Fastify hands the socket over. */
export function openEventStream(reply: FastifyReply, meter: RequestMeter, currency: string): ServerResponse {
  setQuotaHeaders(reply, meter.quotaState, currency);
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  return raw;
}

/** A stream that ended in an error after its first byte is logged (a client leaving is not news). */
export function logStreamError(
  request: FastifyRequest,
  log: { warn(object: object, message: string): void },
  streamError: GatewayError | null,
): void {
  if (streamError && streamError.code !== 'client_closed_request') {
    log.warn({ requestId: request.id, code: streamError.code }, streamError.message);
  }
}
