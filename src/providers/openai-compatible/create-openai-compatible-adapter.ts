import type { ChatCompletion, ChatCompletionChunk, ChatRequest } from '../../api/chat-types.js';
import { rememberWireText } from '../../api/wire-text.js';
import type { ProviderAdapter, UpstreamCall } from '../provider-adapter.js';
import { readStreamEvents } from '../shared/read-stream-events.js';
import {
  type HttpErrorMapper,
  invalidUpstreamBody,
  readJsonBody,
  sendProviderRequest,
} from '../shared/send-provider-request.js';
import type { UpstreamResponse } from '../shared/upstream-exchange.js';
import { embedOpenAiCompatible, toEmbeddingRoute } from './openai-compatible-embed.js';
import type { OpenAiCompatibleQuirks } from './openai-compatible-quirks.js';
import { moveChunkReasoning, moveCompletionReasoning } from './openai-compatible-reasoning.js';
import { toOpenAiCompatibleBody } from './openai-compatible-request.js';

/** Where a Chat Completions call goes and how it authenticates: what differs between OpenAI and Azure. */
export interface OpenAiCompatibleRoute {
  /** Path after the origin, query included. */
  path: string;
  /** Auth (and version) headers; the channel's own headers are added by sendProviderRequest. */
  headers: Record<string, string>;
}

export interface OpenAiCompatibleAdapterOptions {
  kind: string;
  quirks: OpenAiCompatibleQuirks;
  route(call: UpstreamCall): OpenAiCompatibleRoute;
  /** A vendor's own error bodies (default: OpenAI's envelope and the common variants). */
  toHttpError?: HttpErrorMapper;
  /** Chunks that carry nothing for an OpenAI client (Azure's prompt-filter-only first chunk) are skipped. */
  skipChunk?(chunk: ChatCompletionChunk): boolean;
}

/** OpenAI's own route: `{base_url}/chat/completions` with a bearer key. */
export function toBearerRoute(call: UpstreamCall): OpenAiCompatibleRoute {
  const headers: Record<string, string> = {};
  if (call.target.apiKey) headers.authorization = `Bearer ${call.target.apiKey}`;
  return { path: `${call.target.basePath}/chat/completions`, headers };
}

/**
 * An adapter for an upstream that speaks OpenAI Chat Completions: the request is forwarded as validated,
 * unknown fields included, with `model` rewritten and the vendor's quirks applied; answers are relayed
 * as they came unless a quirk changes them.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function createOpenAiCompatibleAdapter(options: OpenAiCompatibleAdapterOptions): ProviderAdapter {
  const { quirks, skipChunk } = options;
  const reasoningField = quirks.reasoningField === 'reasoning_content' ? null : quirks.reasoningField;
  const send = (body: string, call: UpstreamCall, accept: string): Promise<UpstreamResponse> => {
    const route = options.route(call);
    return sendProviderRequest(call, { ...route, body, accept }, options.toHttpError);
  };
  return {
    kind: options.kind,

    async complete(request: ChatRequest, call: UpstreamCall): Promise<ChatCompletion> {
      const body = toOpenAiCompatibleBody(request, call.target.upstreamModel, quirks, false);
      const response = await send(JSON.stringify(body), call, 'application/json');
      const { text, value: completion } = await readJsonBody(response, call);
      if (!isChatCompletion(completion))
        throw invalidUpstreamBody(call, 'a body that is not a chat completion');
      rememberWireText(completion, text);
      if (reasoningField) moveCompletionReasoning(completion, reasoningField);
      return completion;
    },

    stream(request: ChatRequest, call: UpstreamCall): AsyncGenerator<ChatCompletionChunk> {
      const body = toOpenAiCompatibleBody(request, call.target.upstreamModel, quirks, true);
      const pendingBody = send(JSON.stringify(body), call, 'text/event-stream').then(
        (response) => response.body,
      );
      // Handled here so a failure before the first read is never an unhandled rejection; the reader
      // awaits the same promise and throws it to whoever iterates.
      pendingBody.catch(() => undefined);
      const chunks = readStreamEvents(pendingBody, call);
      // Most vendors need no pass over their chunks; only those that do pay for the extra generator.
      return reasoningField || skipChunk ? adjustChunks(chunks, reasoningField, skipChunk) : chunks;
    },

    embed: (request, call) =>
      embedOpenAiCompatible(request, call, toEmbeddingRoute(options.route(call)), options.toHttpError),
  };
}

async function* adjustChunks(
  chunks: AsyncGenerator<ChatCompletionChunk>,
  reasoningField: string | null,
  skipChunk: ((chunk: ChatCompletionChunk) => boolean) | undefined,
): AsyncGenerator<ChatCompletionChunk> {
  for await (const chunk of chunks) {
    if (skipChunk?.(chunk)) continue;
    if (reasoningField) moveChunkReasoning(chunk, reasoningField);
    yield chunk;
  }
}

function isChatCompletion(value: unknown): value is ChatCompletion {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { choices?: unknown }).choices)
  );
}
