import type { FinishReason } from '../../api/chat-types.js';

/**
 * Anthropic `stop_reason` → OpenAI `finish_reason`. Unknown reasons (future values, `pause_turn`)
 * read as `stop`: the turn ended without a reason OpenAI clients could act on.
 * @see https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}
