import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from '../../api/chat-types.js';
import { rememberWireText } from '../../api/wire-text.js';
import type { ProviderAdapter, UpstreamCall } from '../provider-adapter.js';
import { toUpstreamTransportError } from '../shared/parse-upstream-error.js';
import { readStreamEvents } from '../shared/read-stream-events.js';
import { invalidUpstreamBody, sendProviderRequest } from '../shared/send-provider-request.js';

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
      throw invalidUpstreamBody(call, 'an invalid JSON body');
    }
    if (!isChatCompletion(completion))
      throw invalidUpstreamBody(call, 'a body that is not a chat completion');
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

function send(body: string, call: UpstreamCall, accept: string) {
  const headers: Record<string, string> = {};
  if (call.target.apiKey) headers.authorization = `Bearer ${call.target.apiKey}`;
  return sendProviderRequest(call, {
    path: `${call.target.basePath}/chat/completions`,
    headers,
    body,
    accept,
  });
}

function isChatCompletion(value: unknown): value is ChatCompletion {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { choices?: unknown }).choices)
  );
}
