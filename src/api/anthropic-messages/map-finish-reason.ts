import type { FinishReason } from '../chat-types.js';
import type { StopReason } from './messages-wire.js';

export interface StopOutcome {
  stop_reason: StopReason;
  stop_sequence: string | null;
}

/**
 * OpenAI `finish_reason` → Anthropic `stop_reason`. A turn that produced tool calls is `tool_use` even
 * when the upstream said `stop` (OpenAI does, for a named tool_choice): Anthropic clients loop on it.
 * `stop` is `stop_sequence` only when the upstream named the sequence it matched (vLLM's
 * `choices[].stop_reason`) and the client had asked for it; otherwise `end_turn`.
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function mapFinishReason(
  finishReason: FinishReason | string | null | undefined,
  producedToolUse: boolean,
  matchedStop: unknown,
  stopSequences: readonly string[] | undefined,
): StopOutcome {
  switch (finishReason) {
    case 'length':
      return { stop_reason: 'max_tokens', stop_sequence: null };
    case 'content_filter':
      return { stop_reason: 'refusal', stop_sequence: null };
    case 'tool_calls':
    case 'function_call':
      return { stop_reason: 'tool_use', stop_sequence: null };
  }
  if (producedToolUse) return { stop_reason: 'tool_use', stop_sequence: null };
  if (typeof matchedStop === 'string' && stopSequences?.includes(matchedStop)) {
    return { stop_reason: 'stop_sequence', stop_sequence: matchedStop };
  }
  return { stop_reason: 'end_turn', stop_sequence: null };
}
