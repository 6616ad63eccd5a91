import type { FastifyReply, FastifyRequest } from 'fastify';
import { validateChatRequest } from '../api/validate-chat-request.js';
import { toWireText } from '../api/wire-text.js';
import type { ChatGateway } from '../gateway/chat-gateway.js';
import type { RequestAbort } from '../gateway/request-abort.js';
import type { RequestMeter } from '../gateway/request-meter.js';
import { logStreamError, openEventStream, sendJsonAnswer } from './answer-framing.js';
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
    sendJsonAnswer(reply, meter, deps.currency, completion.usage, toWireText(completion));
    return;
  }
  const opened = await deps.gateway.openStream(chatRequest, meter, abort);
  const raw = openEventStream(reply, meter, deps.currency);
  logStreamError(request, deps.log, await writeSseStream(raw, opened));
}
