import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatMicros } from '../api/money.js';
import { validateChatRequest } from '../api/validate-chat-request.js';
import { toWireText } from '../api/wire-text.js';
import type { ChatGateway } from '../gateway/chat-gateway.js';
import type { RequestAbort } from '../gateway/request-abort.js';
import type { RequestMeter } from '../gateway/request-meter.js';
import { setQuotaHeaders } from './quota-headers.js';
import { writeSseStream } from './write-sse.js';

export interface ChatAnswerDependencies {
  gateway: ChatGateway;
  currency: string;
  log: { warn(object: object, message: string): void };
}

/**
 * Answers one validated-here chat completion, as JSON or as an SSE stream committed only after the first
 * chunk. Shared by `/v1/chat/completions` and the console's playground, so both behave identically.
 */
export async function answerChatCompletion(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ChatAnswerDependencies,
  meter: RequestMeter,
  abort: RequestAbort,
): Promise<void> {
  const chatRequest = validateChatRequest(request.body);
  meter.model = chatRequest.model;
  meter.request = chatRequest;
  meter.stream = chatRequest.stream === true;
  if (chatRequest.stream !== true) {
    const completion = await deps.gateway.complete(chatRequest, meter, abort);
    setQuotaHeaders(reply, meter.quotaState, deps.currency);
    const costMicros = completion.usage ? meter.costOfUsage(completion.usage) : null;
    if (costMicros !== null) reply.header('x-opt-cost', formatMicros(costMicros));
    reply.header('content-type', 'application/json; charset=utf-8').send(toWireText(completion));
    return;
  }
  const opened = await deps.gateway.openStream(chatRequest, meter, abort);
  setQuotaHeaders(reply, meter.quotaState, deps.currency);
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  const streamError = await writeSseStream(raw, opened);
  if (streamError && streamError.code !== 'client_closed_request') {
    deps.log.warn({ requestId: request.id, code: streamError.code }, streamError.message);
  }
}
