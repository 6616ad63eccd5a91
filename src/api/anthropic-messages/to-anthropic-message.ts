import type { ChatCompletion, Usage } from '../chat-types.js';
import { mapFinishReason } from './map-finish-reason.js';
import type { AnthropicMessage, MessagesUsage, ResponseBlock } from './messages-wire.js';

export interface MessageOptions {
  /** The `msg_…` id the client sees. */
  id: string;
  /** The model the client asked for (Anthropic echoes the request's model). */
  model: string;
  stopSequences?: readonly string[];
}

export interface TranslatedMessage {
  message: AnthropicMessage;
  /** Names of tool calls whose arguments were not a JSON object; their `input` is `{}`. */
  invalidToolArguments: string[];
}

/**
 * ChatCompletion → Anthropic Message: thinking (`reasoning_content`), then text (or the refusal), then
 * one tool_use block per tool call with its arguments parsed. Arguments that are not a JSON object
 * become `{}` (Anthropic's `input` is always an object; the caller logs the tool's name), so a sloppy
 * upstream cannot crash the client's parser.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function toAnthropicMessage(completion: ChatCompletion, options: MessageOptions): TranslatedMessage {
  const choice = completion.choices[0];
  const reply = choice?.message;
  const content: ResponseBlock[] = [];
  const invalidToolArguments: string[] = [];
  if (typeof reply?.reasoning_content === 'string' && reply.reasoning_content.length > 0) {
    content.push({ type: 'thinking', thinking: reply.reasoning_content, signature: '' });
  }
  const text =
    typeof reply?.content === 'string' && reply.content.length > 0 ? reply.content : reply?.refusal;
  if (typeof text === 'string' && text.length > 0) content.push({ type: 'text', text });
  for (const call of reply?.tool_calls ?? []) {
    const input = parseToolInput(call.function.arguments);
    if (input === null) invalidToolArguments.push(call.function.name);
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: input ?? {} });
  }
  // Anthropic may answer with no blocks; one empty text block keeps `content[0].text` readers working.
  if (content.length === 0) content.push({ type: 'text', text: '' });
  const refused = typeof reply?.refusal === 'string' && reply.refusal.length > 0 && !reply.content;
  const stop = mapFinishReason(
    refused ? 'content_filter' : choice?.finish_reason,
    content.some((block) => block.type === 'tool_use'),
    choice?.stop_reason,
    options.stopSequences,
  );
  return {
    message: {
      id: options.id,
      type: 'message',
      role: 'assistant',
      model: options.model,
      content,
      ...stop,
      usage: toMessagesUsage(completion.usage),
    },
    invalidToolArguments,
  };
}

/** A tool call's arguments as Anthropic's `input` object; `{}` when empty, null when not a JSON object. */
export function parseToolInput(text: string): Record<string, unknown> | null {
  if (text.trim().length === 0) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * OpenAI usage → Anthropic usage. OpenAI's `prompt_tokens` include cached tokens; Anthropic's
 * `input_tokens` do not (total input = input + cache read + cache creation). The OpenAI shape does not
 * tell cache writes apart, so `cache_creation_input_tokens` is 0 and writes count as input.
 */
export function toMessagesUsage(usage: Usage | null | undefined): MessagesUsage {
  const prompt = usage?.prompt_tokens ?? 0;
  const cached = Math.min(usage?.prompt_tokens_details?.cached_tokens ?? 0, prompt);
  return {
    input_tokens: prompt - cached,
    output_tokens: usage?.completion_tokens ?? 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}
