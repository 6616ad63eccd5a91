import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from '../../api/chat-types.js';
import type { ProviderAdapter, UpstreamCall } from '../provider-adapter.js';
import { readJsonBody, sendProviderRequest } from '../shared/send-provider-request.js';
import type { UpstreamResponse } from '../shared/upstream-exchange.js';
import { fromGeminiResponse, invalidResponse } from './from-gemini-response.js';
import { embedGemini } from './gemini-embed.js';
import { toGeminiHttpError } from './gemini-error.js';
import { readGeminiStream } from './gemini-stream.js';
import type { GeminiResponse } from './gemini-wire.js';
import { toGeminiRequest } from './to-gemini-request.js';

/**
 * Google Gemini API (`generateContent`, `streamGenerateContent?alt=sse`). The channel's base_url is
 * the API root, e.g. https://generativelanguage.googleapis.com; the key goes in `x-goog-api-key`.
 * Gemini always reports usageMetadata, so streams need no extra option to carry usage.
 * @see https://ai.google.dev/api/generate-content
 */
export const geminiAdapter: ProviderAdapter = {
  kind: 'gemini',

  async complete(request: ChatRequest, call: UpstreamCall): Promise<ChatCompletion> {
    const body = JSON.stringify(toGeminiRequest(request));
    const response = await send(body, call, 'generateContent', 'application/json');
    const { value: parsed } = await readJsonBody(response, call);
    if (typeof parsed !== 'object' || parsed === null)
      throw invalidResponse(call.target, 'a body that is not an object');
    return fromGeminiResponse(parsed as GeminiResponse, call.target, nowSeconds());
  },

  stream(request: ChatRequest, call: UpstreamCall): AsyncGenerator<ChatCompletionChunk> {
    const body = JSON.stringify(toGeminiRequest(request));
    const pendingBody = send(body, call, 'streamGenerateContent?alt=sse', 'text/event-stream').then(
      (response) => response.body,
    );
    // Handled here so a failure before the first read is never an unhandled rejection.
    pendingBody.catch(() => undefined);
    return readGeminiStream(pendingBody, call, nowSeconds());
  },

  embed: embedGemini,
};

export function geminiPath(basePath: string, upstreamModel: string, method: string): string {
  const model = upstreamModel.startsWith('models/') ? upstreamModel.slice('models/'.length) : upstreamModel;
  return `${basePath}/v1beta/models/${model}:${method}`;
}

function send(body: string, call: UpstreamCall, method: string, accept: string): Promise<UpstreamResponse> {
  const { target } = call;
  const headers: Record<string, string> = {};
  if (target.apiKey) headers['x-goog-api-key'] = target.apiKey;
  const path = geminiPath(target.basePath, target.upstreamModel, method);
  return sendProviderRequest(call, { path, headers, body, accept }, toGeminiHttpError);
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
