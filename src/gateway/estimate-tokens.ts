import type { ChatMessage, ChatRequest } from '../api/chat-types.js';

/**
 * Tokenizer fallback for upstreams that report no usage (and for requests cut off before the
 * upstream's usage arrived). Uses OpenAI's o200k_base encoding; other vendors' tokenizers differ a
 * little, so records counted this way are marked `usage_source = estimated`.
 * The rank table (tens of MB in memory) loads on first use, so it costs nothing while upstreams
 * report usage themselves.
 */
interface Encoder {
  countTokens(text: string): number;
}

let encoderPromise: Promise<Encoder> | null = null;

function loadEncoder(): Promise<Encoder> {
  encoderPromise ??= import('gpt-tokenizer/encoding/o200k_base');
  return encoderPromise;
}

/** Per-message framing tokens, as in OpenAI's cookbook "How to count tokens with tiktoken". */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING_TOKENS = 3;

/**
 * Past this many characters the count is approximated (~4 characters a token): BPE over megabytes
 * would block the event loop for seconds, and the request path shares that loop.
 */
export const MAX_EXACT_CHARACTERS = 200_000;

function count(encoder: Encoder, text: string): number {
  if (text.length === 0) return 0;
  return text.length > MAX_EXACT_CHARACTERS ? Math.ceil(text.length / 4) : encoder.countTokens(text);
}

export async function countTextTokens(text: string): Promise<number> {
  if (text.length === 0) return 0;
  return count(await loadEncoder(), text);
}

export async function estimatePromptTokens(request: ChatRequest): Promise<number> {
  const encoder = await loadEncoder();
  const texts = request.messages.map(messageText);
  const tools = request.tools && request.tools.length > 0 ? JSON.stringify(request.tools) : '';
  const framing = REPLY_PRIMING_TOKENS + request.messages.length * (TOKENS_PER_MESSAGE + 1);
  const characters = texts.reduce((sum, text) => sum + text.length, tools.length);
  if (characters > MAX_EXACT_CHARACTERS) return framing + Math.ceil(characters / 4);
  let total = framing + count(encoder, tools);
  for (const [index, message] of request.messages.entries()) {
    total += count(encoder, texts[index] ?? '');
    if ('name' in message && typeof message.name === 'string') total += 1 + count(encoder, message.name);
  }
  return total;
}

function messageText(message: ChatMessage): string {
  const parts: string[] = [];
  const content = message.content;
  if (typeof content === 'string') parts.push(content);
  else if (Array.isArray(content)) {
    for (const part of content) {
      if (part.type === 'text') parts.push(part.text);
      else if (part.type === 'refusal') parts.push(part.refusal);
    }
  }
  if (message.role === 'assistant' && message.tool_calls) {
    for (const call of message.tool_calls) parts.push(call.function.name, call.function.arguments);
  }
  return parts.join('\n');
}

/** Han, kana and Hangul: roughly one token per character in every vendor's tokenizer. */
const WIDE_CHARACTER = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;

/**
 * A tokenizer-free estimate (~4 characters a token, one per CJK character) for requests cut off
 * before the upstream's count arrived (client gone, timeout, failure mid-stream). What the upstream
 * bills for such a request is unknowable anyway, and this keeps the tokenizer's tens of MB out of a
 * process that only ever sees upstreams reporting usage.
 */
export function approximateTokens(text: string): number {
  if (text.length === 0) return 0;
  const wide = text.match(WIDE_CHARACTER)?.length ?? 0;
  return wide + Math.ceil((text.length - wide) / 4);
}

export function approximatePromptTokens(request: ChatRequest): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of request.messages)
    total += TOKENS_PER_MESSAGE + 1 + approximateTokens(messageText(message));
  if (request.tools && request.tools.length > 0) total += approximateTokens(JSON.stringify(request.tools));
  return total;
}
