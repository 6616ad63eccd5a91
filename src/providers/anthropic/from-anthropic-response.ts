import type { ChatCompletion, ChatCompletionMessage, ToolCall, Usage } from '../../api/chat-types.js';
import type { AnthropicMessage, AnthropicUsage } from './anthropic-wire.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

/**
 * Anthropic message → ChatCompletion: text blocks joined into `content`, tool_use blocks as
 * `tool_calls` (input re-serialised as the arguments string), thinking as `reasoning_content`.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function fromAnthropicResponse(
  message: AnthropicMessage,
  fallbackModel: string,
  now: number = Date.now(),
): ChatCompletion {
  const text: string[] = [];
  const thinking: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of message.content ?? []) {
    if (block.type === 'text') text.push(block.text ?? '');
    else if (block.type === 'thinking') thinking.push(block.thinking ?? '');
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id ?? `toolu_${toolCalls.length}`,
        type: 'function',
        function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  const reply: ChatCompletionMessage = {
    role: 'assistant',
    content: text.length > 0 ? text.join('') : null,
    refusal: null,
  };
  if (toolCalls.length > 0) reply.tool_calls = toolCalls;
  if (thinking.length > 0) reply.reasoning_content = thinking.join('');
  const completion: ChatCompletion = {
    id: message.id ?? `msg_${now}`,
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model: message.model ?? fallbackModel,
    choices: [
      {
        index: 0,
        message: reply,
        logprobs: null,
        finish_reason: mapAnthropicStopReason(message.stop_reason),
      },
    ],
  };
  if (message.usage) completion.usage = toOpenAiUsage(message.usage);
  return completion;
}

/** Anthropic counts cached input apart from `input_tokens`; OpenAI's prompt_tokens include it. */
export function toOpenAiUsage(usage: AnthropicUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const promptTokens = (usage.input_tokens ?? 0) + cacheRead + (usage.cache_creation_input_tokens ?? 0);
  const completionTokens = usage.output_tokens ?? 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cacheRead },
  };
}
