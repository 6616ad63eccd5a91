import type { Embedding, EmbeddingRequest, EmbeddingResponse } from '../../api/embedding-types.js';
import { InvalidRequestError } from '../../api/gateway-error.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { readJsonBody, sendProviderRequest } from '../shared/send-provider-request.js';
import { invalidResponse } from './from-gemini-response.js';
import { toGeminiHttpError } from './gemini-error.js';

/** Gemini answers 400 past this many requests in one `batchEmbedContents` call. */
export const GEMINI_MAX_EMBED_BATCH = 100;

/** @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents */
export interface GeminiBatchEmbedRequest {
  requests: Array<{
    model: string;
    content: { parts: Array<{ text: string }> };
    outputDimensionality?: number;
  }>;
}

export interface GeminiBatchEmbedResponse {
  embeddings?: Array<{ values?: unknown } | null> | null;
}

/**
 * OpenAI embeddings request → `batchEmbedContents` bodies of at most GEMINI_MAX_EMBED_BATCH texts each.
 * Gemini embeds text only: token-id inputs are a 400 naming `input`.
 */
export function toGeminiEmbedBatches(
  request: EmbeddingRequest,
  upstreamModel: string,
): GeminiBatchEmbedRequest[] {
  const input = request.input;
  const texts = typeof input === 'string' ? [input] : input;
  if (!texts.every((text): text is string => typeof text === 'string')) {
    throw new InvalidRequestError(
      `Model '${request.model}' embeds text only: send 'input' as strings, not token ids.`,
      'input',
    );
  }
  const model = `models/${geminiModelId(upstreamModel)}`;
  const dimensions = request.dimensions === undefined ? {} : { outputDimensionality: request.dimensions };
  const batches: GeminiBatchEmbedRequest[] = [];
  for (let start = 0; start < texts.length; start += GEMINI_MAX_EMBED_BATCH) {
    batches.push({
      requests: texts
        .slice(start, start + GEMINI_MAX_EMBED_BATCH)
        .map((text) => ({ model, content: { parts: [{ text }] }, ...dimensions })),
    });
  }
  return batches;
}

/** One batch's answer → OpenAI embedding objects numbered from `firstIndex`; null when malformed. */
export function fromGeminiEmbedResponse(
  response: GeminiBatchEmbedResponse,
  expected: number,
  firstIndex: number,
): Embedding[] | null {
  const embeddings = response.embeddings;
  if (!Array.isArray(embeddings) || embeddings.length !== expected) return null;
  const data: Embedding[] = [];
  for (const [offset, item] of embeddings.entries()) {
    const values = item?.values;
    if (!Array.isArray(values) || !values.every((value) => typeof value === 'number')) return null;
    data.push({ object: 'embedding', index: firstIndex + offset, embedding: values });
  }
  return data;
}

/**
 * `POST /v1beta/models/{model}:batchEmbedContents`, one call per GEMINI_MAX_EMBED_BATCH inputs, in turn
 * (each answer read to its end before the next call, so no pooled connection is left half-read). Gemini
 * reports no token counts: the response has no `usage` and the gateway counts the input.
 */
export async function embedGemini(request: EmbeddingRequest, call: UpstreamCall): Promise<EmbeddingResponse> {
  const { target } = call;
  const model = geminiModelId(target.upstreamModel);
  const headers: Record<string, string> = {};
  if (target.apiKey) headers['x-goog-api-key'] = target.apiKey;
  const path = `${target.basePath}/v1beta/models/${model}:batchEmbedContents`;
  const data: Embedding[] = [];
  for (const batch of toGeminiEmbedBatches(request, target.upstreamModel)) {
    const body = JSON.stringify(batch);
    const response = await sendProviderRequest(
      call,
      { path, headers, body, accept: 'application/json' },
      toGeminiHttpError,
    );
    const { value: parsed } = await readJsonBody(response, call);
    const embeddings =
      typeof parsed === 'object' && parsed !== null
        ? fromGeminiEmbedResponse(parsed as GeminiBatchEmbedResponse, batch.requests.length, data.length)
        : null;
    if (!embeddings) throw invalidResponse(target, 'a body that is not one embedding per input');
    data.push(...embeddings);
  }
  return { object: 'list', data, model };
}

function geminiModelId(upstreamModel: string): string {
  return upstreamModel.startsWith('models/') ? upstreamModel.slice('models/'.length) : upstreamModel;
}
