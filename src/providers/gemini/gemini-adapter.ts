import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from '../../api/chat-types.js';
import type { ProviderAdapter, UpstreamCall } from '../provider-adapter.js';
import { toUpstreamTransportError } from '../shared/parse-upstream-error.js';
import { sendUpstreamRequest, type UpstreamResponse } from '../shared/upstream-exchange.js';
import { fromGeminiResponse, invalidResponse } from './from-gemini-response.js';
import { toGeminiHttpError } from './gemini-error.js';
import { readGeminiStream } from './gemini-stream.js';
import type { GeminiResponse } from './gemini-wire.js';
import { toGeminiRequest } from './to-gemini-request.js';

/** Error bodies past this size are cut: they only feed a message and a log line. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

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
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw toUpstreamTransportError(error, call.target, call.signal);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidResponse(call.target, 'an invalid JSON body');
    }
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
};

export function geminiPath(basePath: string, upstreamModel: string, method: string): string {
  const model = upstreamModel.startsWith('models/') ? upstreamModel.slice('models/'.length) : upstreamModel;
  return `${basePath}/v1beta/models/${model}:${method}`;
}

async function send(
  body: string,
  call: UpstreamCall,
  method: string,
  accept: string,
): Promise<UpstreamResponse> {
  const { target } = call;
  const headers: Record<string, string> = { ...target.headers, 'content-type': 'application/json', accept };
  if (target.apiKey) headers['x-goog-api-key'] = target.apiKey;
  let response: UpstreamResponse;
  try {
    response = await sendUpstreamRequest(call.http, {
      origin: target.origin,
      path: geminiPath(target.basePath, target.upstreamModel, method),
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
  throw toGeminiHttpError(
    response.statusCode,
    text,
    typeof retryAfter === 'string' ? retryAfter : null,
    target,
  );
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
