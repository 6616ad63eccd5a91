import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anthropicErrorType } from '../api/anthropic-messages/anthropic-error-envelope.js';
import type { MessagesStreamEvent } from '../api/anthropic-messages/messages-wire.js';
import { AnthropicEventStream, formatSseEvent } from '../api/anthropic-messages/to-anthropic-events.js';
import { toAnthropicMessage } from '../api/anthropic-messages/to-anthropic-message.js';
import { toChatRequest } from '../api/anthropic-messages/to-chat-request.js';
import { validateMessagesRequest } from '../api/anthropic-messages/validate-messages-request.js';
import { type GatewayError, NoRouteError, toGatewayError } from '../api/gateway-error.js';
import type { ChatGateway, OpenedStream } from '../gateway/chat-gateway.js';
import {
  approximatePromptTokens,
  approximateTokens,
  estimatePromptTokens,
} from '../gateway/estimate-tokens.js';
import type { ModelCatalog } from '../gateway/model-catalog.js';
import type { RequestAbort } from '../gateway/request-abort.js';
import type { RequestMeter } from '../gateway/request-meter.js';
import { logStreamError, openEventStream, sendJsonAnswer } from './answer-framing.js';
import { type MeteredRequestDependencies, runMeteredRequest } from './metered-request.js';
import { setPeekedQuotaHeaders } from './quota-headers.js';
import { closeEarly, writeSseFrame } from './write-sse.js';

export const MESSAGES_PATH = '/v1/messages';
export const COUNT_TOKENS_PATH = '/v1/messages/count_tokens';
/** The usage records' `endpoint` for this route. */
export const MESSAGES_ENDPOINT = 'messages';

export interface MessagesDependencies extends MeteredRequestDependencies {
  gateway: ChatGateway;
  catalog: () => ModelCatalog;
}

/**
 * Anthropic's Messages API in front of every model: the request is translated into a ChatRequest and
 * served by the same ChatGateway as `/v1/chat/completions` (routing, quota, failover, metering, prompt
 * logging), then the answer is translated back. Registered inside the `/v1` scope, so its auth hook
 * (Bearer or `x-api-key`) runs first; errors come out in Anthropic's envelope (render-error.ts picks it
 * by path). `anthropic-version` is accepted and not checked: one translation serves every version.
 */
export function registerMessagesRoutes(app: FastifyInstance, deps: MessagesDependencies): void {
  app.post(MESSAGES_PATH, (request, reply) => {
    reply.header('request-id', request.id);
    return runMeteredRequest(request, reply, deps, MESSAGES_ENDPOINT, (meter, abort) =>
      answerMessages(request, reply, deps, meter, abort),
    );
  });

  // Free at Anthropic and free here: no upstream call, so no usage record and no charge. The count is
  // OPT's o200k tokenizer over the translated request (system, messages, tools): exact for OpenAI's
  // models, an estimate for every other vendor's.
  app.post(COUNT_TOKENS_PATH, async (request, reply) => {
    reply.header('request-id', request.id);
    const messagesRequest = validateMessagesRequest(request.body, true);
    const model = messagesRequest.model;
    const allowed = request.clientKey?.models;
    if ((allowed && !allowed.has(model)) || !deps.catalog().findModel(model)) throw new NoRouteError(model);
    const inputTokens = await estimatePromptTokens(toChatRequest(messagesRequest));
    await setPeekedQuotaHeaders(reply, request, deps);
    reply
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ input_tokens: inputTokens }));
    return reply;
  });
}

async function answerMessages(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: MessagesDependencies,
  meter: RequestMeter,
  abort: RequestAbort,
): Promise<void> {
  const messagesRequest = validateMessagesRequest(request.body);
  const chatRequest = toChatRequest(messagesRequest);
  meter.model = chatRequest.model;
  meter.request = chatRequest;
  meter.stream = chatRequest.stream === true;
  const id = `msg_${request.id.replace(/^req_/, '')}`;
  const stopSequences = messagesRequest.stop_sequences;
  if (chatRequest.stream !== true) {
    const completion = await deps.gateway.complete(chatRequest, meter, abort);
    const translated = toAnthropicMessage(completion, { id, model: messagesRequest.model, stopSequences });
    warnInvalidArguments(request, deps, translated.invalidToolArguments);
    sendJsonAnswer(reply, meter, deps.currency, completion.usage, JSON.stringify(translated.message));
    return;
  }
  const opened = await deps.gateway.openStream(chatRequest, meter, abort);
  const raw = openEventStream(reply, meter, deps.currency);
  const events = new AnthropicEventStream({
    id,
    model: messagesRequest.model,
    stopSequences,
    estimatedInputTokens: approximatePromptTokens(chatRequest),
    estimateTokens: approximateTokens,
  });
  const streamError = await writeMessagesStream(raw, opened, events);
  warnInvalidArguments(request, deps, events.invalidToolArguments);
  logStreamError(request, deps.log, streamError);
}

/**
 * The chunk stream as Anthropic events, with the chat stream's backpressure and corking (write-sse.ts).
 * A failure after the first byte becomes one `event: error` (Anthropic's mid-stream error), then the end.
 */
async function writeMessagesStream(
  raw: ServerResponse,
  opened: OpenedStream,
  events: AnthropicEventStream,
): Promise<GatewayError | null> {
  const { first, rest } = opened;
  try {
    if (first && !(await writeEvents(raw, events.push(first)))) return closeEarly(rest);
    for (;;) {
      const next = await rest.next();
      if (next.done) break;
      if (!(await writeEvents(raw, events.push(next.value)))) return closeEarly(rest);
    }
  } catch (error) {
    // A failure in the translation (not the upstream) leaves the chunk stream suspended: close it, so the
    // upstream connection is released now rather than at the request's deadline. A no-op when it ended.
    await rest.return?.().catch(() => undefined);
    const gatewayError = toGatewayError(error);
    const event: MessagesStreamEvent = {
      type: 'error',
      error: { type: anthropicErrorType(gatewayError), message: gatewayError.message },
    };
    if (!raw.destroyed) raw.end(formatSseEvent(event));
    return gatewayError;
  }
  await writeEvents(raw, events.finish());
  if (!raw.destroyed) raw.end();
  return null;
}

function writeEvents(raw: ServerResponse, events: MessagesStreamEvent[]): boolean | Promise<boolean> {
  if (events.length === 0) return !raw.destroyed;
  return writeSseFrame(raw, events.map(formatSseEvent).join(''));
}

function warnInvalidArguments(request: FastifyRequest, deps: MessagesDependencies, tools: string[]): void {
  if (tools.length === 0) return;
  deps.log.warn(
    { requestId: request.id, tools },
    'the upstream sent tool arguments that are not a JSON object; the client got {} as their input',
  );
}
