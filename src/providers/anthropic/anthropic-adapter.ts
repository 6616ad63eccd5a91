import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import type { ProviderAdapter, UpstreamCall } from '../provider-adapter.js';
import { SseDecoder } from '../shared/parse-sse.js';
import { toUpstreamTransportError } from '../shared/parse-upstream-error.js';
import { invalidUpstreamBody, readJsonBody, sendProviderRequest } from '../shared/send-provider-request.js';
import type { UpstreamResponse } from '../shared/upstream-exchange.js';
import { toAnthropicHttpError } from './anthropic-error.js';
import { AnthropicStreamState } from './anthropic-stream.js';
import { ANTHROPIC_VERSION, type AnthropicMessage } from './anthropic-wire.js';
import { fromAnthropicResponse } from './from-anthropic-response.js';
import { toAnthropicRequest } from './to-anthropic-request.js';

/**
 * Anthropic Messages API. The channel's base URL is the API root (https://api.anthropic.com).
 * @see https://docs.anthropic.com/en/api/messages
 */
export const anthropicAdapter: ProviderAdapter = {
  kind: 'anthropic',

  async complete(request: ChatRequest, call: UpstreamCall): Promise<ChatCompletion> {
    const body = JSON.stringify(toAnthropicRequest(request, call.target.upstreamModel));
    const response = await send(body, call, 'application/json');
    const { value: message } = await readJsonBody(response, call);
    if (!isAnthropicMessage(message)) throw invalidUpstreamBody(call, 'a body that is not a message');
    return fromAnthropicResponse(message, call.target.upstreamModel);
  },

  stream(request: ChatRequest, call: UpstreamCall): AsyncGenerator<ChatCompletionChunk> {
    const body = JSON.stringify({ ...toAnthropicRequest(request, call.target.upstreamModel), stream: true });
    const pendingBody = send(body, call, 'text/event-stream').then((response) => response.body);
    // Handled here so a failure before the first read is never an unhandled rejection.
    pendingBody.catch(() => undefined);
    return readAnthropicStream(pendingBody, call);
  },
};

async function* readAnthropicStream(
  pendingBody: Promise<AsyncIterable<Uint8Array>>,
  call: UpstreamCall,
): AsyncGenerator<ChatCompletionChunk> {
  const state = new AnthropicStreamState(call.target);
  const decoder = new SseDecoder();
  try {
    const source = await pendingBody;
    // After message_stop the loop reads on to the body's natural end, keeping the pooled connection.
    for await (const piece of source) {
      for (const event of decoder.push(piece)) yield* state.push(event.event, event.data);
    }
    for (const event of decoder.end()) yield* state.push(event.event, event.data);
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    // The answer was complete; a connection that then fails costs only the connection.
    if (state.complete && !call.signal.aborted) return;
    throw toUpstreamTransportError(error, call.target, call.signal);
  }
  if (!state.complete) throw state.failure('closed the stream before it was complete');
}

function send(body: string, call: UpstreamCall, accept: string): Promise<UpstreamResponse> {
  const headers: Record<string, string> = { 'anthropic-version': ANTHROPIC_VERSION };
  if (call.target.apiKey) headers['x-api-key'] = call.target.apiKey;
  const path = `${call.target.basePath}/v1/messages`;
  return sendProviderRequest(call, { path, headers, body, accept }, toAnthropicHttpError);
}

function isAnthropicMessage(value: unknown): value is AnthropicMessage {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { content?: unknown }).content)
  );
}
