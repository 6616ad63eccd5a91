import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeOpenAiUpstream } from './fake-openai-upstream.js';

/*
 * OpenAI Chat Completions wire helpers shared by the fake upstream's scenarios (fake-openai-upstream.ts,
 * fault-scenarios.ts): error envelopes, JSON completions, SSE chunks and framing.
 */

/** One behaviour of the fake upstream, selected by the upstream model id. */
export type Scenario = (
  body: Record<string, unknown>,
  response: ServerResponse,
  upstream: FakeOpenAiUpstream,
  request: IncomingMessage,
) => Promise<void> | void;

export interface Message {
  role: string;
  content?: unknown;
}

export const CREATED = 1_767_225_600;

export function errorBody(
  message: string,
  code: string | null,
  type = 'invalid_request_error',
  param: string | null = null,
) {
  return { error: { message, type, param, code } };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export function lastUserText(body: Record<string, unknown>): string {
  const messages = (body.messages ?? []) as Message[];
  const user = [...messages].reverse().find((message) => message.role === 'user');
  if (!user) return '';
  if (typeof user.content === 'string') return user.content;
  if (Array.isArray(user.content)) {
    return user.content.map((part: { text?: string }) => part.text ?? '').join('');
  }
  return '';
}

/** Deterministic token counts: one per whitespace-separated word, so tests can predict them. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function promptTokens(body: Record<string, unknown>): number {
  const messages = (body.messages ?? []) as Message[];
  return messages.reduce(
    (sum, message) => sum + 3 + countWords(typeof message.content === 'string' ? message.content : ''),
    0,
  );
}

export function usageFor(body: Record<string, unknown>, completionTokens: number) {
  const prompt = promptTokens(body);
  return {
    prompt_tokens: prompt,
    completion_tokens: completionTokens,
    total_tokens: prompt + completionTokens,
    prompt_tokens_details: { cached_tokens: 2 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

export function chunk(model: string, choices: unknown[], extra: Record<string, unknown> = {}) {
  return { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: CREATED, model, choices, ...extra };
}

export function startStream(response: ServerResponse) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

export function writeEvent(response: ServerResponse, data: unknown) {
  response.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function wantsUsage(body: Record<string, unknown>): boolean {
  return (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
}

/** Streams `pieces` as content deltas, then the finish chunk, then usage when asked, then [DONE]. */
export async function streamText(
  body: Record<string, unknown>,
  response: ServerResponse,
  pieces: string[],
  options: { delayMs?: number; sendUsage?: boolean; finishReason?: string } = {},
) {
  const model = String(body.model);
  const includeUsage = wantsUsage(body) && options.sendUsage !== false;
  const usageField = includeUsage ? { usage: null } : {};
  startStream(response);
  writeEvent(
    response,
    chunk(
      model,
      [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
      usageField,
    ),
  );
  for (const piece of pieces) {
    if (options.delayMs) await sleep(options.delayMs);
    if (response.destroyed) return;
    writeEvent(
      response,
      chunk(
        model,
        [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }],
        usageField,
      ),
    );
  }
  writeEvent(
    response,
    chunk(
      model,
      [{ index: 0, delta: {}, logprobs: null, finish_reason: options.finishReason ?? 'stop' }],
      usageField,
    ),
  );
  if (includeUsage) writeEvent(response, chunk(model, [], { usage: usageFor(body, pieces.length) }));
  writeEvent(response, '[DONE]');
  response.end();
}

export function completion(
  body: Record<string, unknown>,
  message: Record<string, unknown>,
  finishReason: string,
  completionTokens: number,
  withUsage = true,
) {
  const n = typeof body.n === 'number' ? body.n : 1;
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: CREATED,
    model: String(body.model),
    choices: Array.from({ length: n }, (_, index) => ({
      index,
      message: { role: 'assistant', refusal: null, ...message },
      logprobs: null,
      finish_reason: finishReason,
    })),
    ...(withUsage ? { usage: usageFor(body, completionTokens * n) } : {}),
  };
}

export function echoPieces(body: Record<string, unknown>): string[] {
  const words = `Echo: ${lastUserText(body)}`.split(' ');
  return words.map((word, index) => (index === 0 ? word : ` ${word}`));
}

/** The plain echo behaviour: JSON or SSE (as asked) answering `Echo: <last user text>`. */
export async function answerEcho(body: Record<string, unknown>, response: ServerResponse): Promise<void> {
  const pieces = echoPieces(body);
  if (body.stream === true) return streamText(body, response, pieces);
  sendJson(response, 200, completion(body, { content: pieces.join('') }, 'stop', pieces.length));
}

/** The API key a request carried: the bearer token of its `authorization` header ('' when none). */
export function bearerKey(request: IncomingMessage): string {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : header;
}
