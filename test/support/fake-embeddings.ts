import type { ServerResponse } from 'node:http';
import { countWords, errorBody, sendJson } from './openai-wire.js';

/*
 * Embeddings for the fake upstreams (OpenAI's /v1/embeddings, Gemini's batchEmbedContents): vectors
 * derived from the input alone, so tests can predict every value.
 */

export const FAKE_DEFAULT_DIMENSIONS = 8;

/** A deterministic vector for one input (a text, or a token array as its JSON): doubles in (-1, 1). */
export function fakeEmbeddingValues(input: string, dimensions = FAKE_DEFAULT_DIMENSIONS): number[] {
  let seed = 7;
  for (let index = 0; index < input.length; index++) seed = (seed * 31 + input.charCodeAt(index)) % 1_000_003;
  return Array.from({ length: dimensions }, (_, index) => Math.sin(seed + index * 1.618) * 0.987654321);
}

/** What the fake OpenAI upstream bills for an input: one token per word, one per token id. */
export function fakeEmbeddingTokens(input: unknown): number {
  const items = Array.isArray(input) && typeof input[0] !== 'number' ? input : [input];
  return items.reduce<number>(
    (sum, item) => sum + (typeof item === 'string' ? countWords(item) : (item as number[]).length),
    0,
  );
}

function floatBase64(values: number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString('base64');
}

/**
 * `POST /v1/embeddings` the way OpenAI answers it, rejecting what OpenAI rejects (a missing or empty
 * input, more than 2048 inputs, an unknown encoding_format, a bad `dimensions`). Upstream model
 * `embed-floats-only` ignores encoding_format and always sends floats, as some compatible servers do;
 * `embed-no-usage` sends no usage.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function answerOpenAiEmbeddings(body: Record<string, unknown>, response: ServerResponse): void {
  const problem = checkEmbeddingsBody(body);
  if (problem) {
    sendJson(response, 400, errorBody(problem.message, null, 'invalid_request_error', problem.param));
    return;
  }
  const input = body.input;
  const items: unknown[] = Array.isArray(input) && typeof input[0] !== 'number' ? input : [input];
  const model = String(body.model);
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : FAKE_DEFAULT_DIMENSIONS;
  const base64 = body.encoding_format === 'base64' && model !== 'embed-floats-only';
  const data = items.map((item, index) => {
    const values = fakeEmbeddingValues(typeof item === 'string' ? item : JSON.stringify(item), dimensions);
    // OpenAI's vectors are float32: the float format prints the float32 values.
    return { object: 'embedding', index, embedding: base64 ? floatBase64(values) : values.map(Math.fround) };
  });
  const tokens = fakeEmbeddingTokens(input);
  const usage = model === 'embed-no-usage' ? {} : { usage: { prompt_tokens: tokens, total_tokens: tokens } };
  sendJson(response, 200, { object: 'list', data, model: `${model}-v1`, ...usage });
}

function checkEmbeddingsBody(body: Record<string, unknown>): { message: string; param: string } | null {
  const input = body.input;
  if (input === undefined || input === null)
    return { message: "'input' is a required property", param: 'input' };
  if (input === '' || (Array.isArray(input) && (input.length === 0 || input.includes(''))))
    return { message: "'$.input' is invalid. Please check the API reference.", param: 'input' };
  if (Array.isArray(input) && typeof input[0] !== 'number' && input.length > 2048)
    return {
      message: `Invalid 'input': maximum input array size is 2048, got ${input.length}.`,
      param: 'input',
    };
  const format = body.encoding_format;
  if (format !== undefined && format !== 'float' && format !== 'base64')
    return { message: `Invalid value for 'encoding_format': ${String(format)}.`, param: 'encoding_format' };
  const dimensions = body.dimensions;
  if (dimensions !== undefined && (!Number.isInteger(dimensions) || (dimensions as number) < 1))
    return { message: "Invalid value for 'dimensions'.", param: 'dimensions' };
  return null;
}

/** Gemini refuses larger batches: "at most 100 requests can be in one batch". */
export const GEMINI_BATCH_LIMIT = 100;

/**
 * `batchEmbedContents` the way Gemini answers it: every request names the path's model as
 * `models/{model}` and has text parts; OpenAI fields are unknown names; no usage comes back.
 * Values are plain doubles (Gemini's JSON), `outputDimensionality` of them (default 8).
 * @see https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
 */
export function checkGeminiBatchEmbed(model: string, body: Record<string, unknown>): string | null {
  for (const field of Object.keys(body)) {
    if (field !== 'requests')
      return `Invalid JSON payload received. Unknown name "${field}": Cannot find field.`;
  }
  const requests = body.requests;
  if (!Array.isArray(requests) || requests.length === 0)
    return '* BatchEmbedContentsRequest.requests: requests is not specified';
  if (requests.length > GEMINI_BATCH_LIMIT)
    return `* BatchEmbedContentsRequest.requests: at most ${GEMINI_BATCH_LIMIT} requests can be in one batch`;
  for (const [index, request] of (requests as Array<Record<string, unknown>>).entries()) {
    for (const field of Object.keys(request)) {
      if (!['model', 'content', 'taskType', 'title', 'outputDimensionality'].includes(field))
        return `Invalid JSON payload received. Unknown name "${field}" at 'requests[${index}]': Cannot find field.`;
    }
    if (request.model !== `models/${model}`)
      return `Model names should match in all requests: expected models/${model}, got ${String(request.model)}.`;
    const parts = (request.content as { parts?: unknown } | undefined)?.parts;
    if (!Array.isArray(parts) || parts.length === 0)
      return `* requests[${index}].content.parts: parts is empty`;
    if (!parts.every((part: { text?: unknown }) => typeof part.text === 'string' && part.text.length > 0))
      return `* requests[${index}].content.parts: a text part is empty`;
    const dimensions = request.outputDimensionality;
    if (dimensions !== undefined && (!Number.isInteger(dimensions) || (dimensions as number) < 1))
      return `* requests[${index}].outputDimensionality: must be a positive integer`;
  }
  return null;
}

export function geminiBatchEmbedAnswer(body: Record<string, unknown>) {
  const requests = body.requests as Array<{
    content: { parts: Array<{ text: string }> };
    outputDimensionality?: number;
  }>;
  return {
    embeddings: requests.map((request) => ({
      values: fakeEmbeddingValues(
        request.content.parts.map((part) => part.text).join(''),
        request.outputDimensionality ?? FAKE_DEFAULT_DIMENSIONS,
      ),
    })),
  };
}
