import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import { rememberWireText } from '../../api/wire-text.js';
import type { ProviderAdapter, UpstreamCall } from '../provider-adapter.js';
import { toUpstreamHttpError, toUpstreamTransportError } from '../shared/parse-upstream-error.js';
import { readStreamEvents } from '../shared/read-stream-events.js';
import { sendUpstreamRequest, type UpstreamResponse } from '../shared/upstream-exchange.js';

/** Error bodies past this size are cut: they only feed a message and a log line. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Any upstream that speaks OpenAI Chat Completions (OpenAI, DeepSeek, DashScope, Moonshot, vLLM…):
 * the request is forwarded as validated, unknown fields included, with only `model` rewritten.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export const openAiCompatibleAdapter: ProviderAdapter = {
  kind: 'openai-compatible',

  async complete(request: ChatRequest, call: UpstreamCall): Promise<ChatCompletion> {
    const body = JSON.stringify({ ...request, model: call.target.upstreamModel });
    const response = await send(body, call, 'application/json');
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw toUpstreamTransportError(error, call.target, call.signal);
    }
    let completion: unknown;
    try {
      completion = JSON.parse(text);
    } catch {
      throw invalidBody(call, 'an invalid JSON body');
    }
    if (!isChatCompletion(completion)) throw invalidBody(call, 'a body that is not a chat completion');
    rememberWireText(completion, text);
    return completion;
  },

  stream(request: ChatRequest, call: UpstreamCall): AsyncGenerator<ChatCompletionChunk> {
    // Always ask for usage so metering is exact; the gateway strips it when the client did not ask.
    const body = JSON.stringify({
      ...request,
      model: call.target.upstreamModel,
      stream: true,
      stream_options: { ...request.stream_options, include_usage: true },
    });
    const pendingBody = send(body, call, 'text/event-stream').then((response) => response.body);
    // Handled here so a failure before the first read is never an unhandled rejection; the reader
    // awaits the same promise and throws it to whoever iterates.
    pendingBody.catch(() => undefined);
    return readStreamEvents(pendingBody, call);
  },
};

async function send(body: string, call: UpstreamCall, accept: string) {
  const { target } = call;
  const headers: Record<string, string> = {
    ...target.headers,
    'content-type': 'application/json',
    accept,
  };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  let response: UpstreamResponse;
  try {
    response = await sendUpstreamRequest(call.http, {
      origin: target.origin,
      path: `${target.basePath}/chat/completions`,
      headers,
      body,
      signal: call.signal,
      headersTimeout: target.firstByteMs,
      bodyTimeout: target.idleMs,
    });
  } catch (error) {
    throw toUpstreamTransportError(error, target, call.signal);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response;
  const text = await response.text(MAX_ERROR_BODY_BYTES).catch(() => '');
  const retryAfter = response.headers['retry-after'];
  throw toUpstreamHttpError(
    response.statusCode,
    text,
    typeof retryAfter === 'string' ? retryAfter : null,
    target,
  );
}

function invalidBody(call: UpstreamCall, what: string): UpstreamError {
  return new UpstreamError('upstream_error', `Upstream channel '${call.target.channel}' returned ${what}.`, {
    provider: call.target.provider,
    channel: call.target.channel,
    upstreamStatus: 200,
  });
}

function isChatCompletion(value: unknown): value is ChatCompletion {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { choices?: unknown }).choices)
  );
}
