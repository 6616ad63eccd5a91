import type { ChatChunk, ChatCompletion, ToolCall, WireError, WireUsage } from './chat-types';

/** One assistant answer as it builds up from stream chunks (or arrives whole). */
export interface AssistantReply {
  content: string;
  reasoning: string;
  /** In `index` order; arguments are the concatenated deltas (JSON text once complete). */
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage: WireUsage | null;
  /** A mid-stream `{"error": …}` event. */
  error: WireError | null;
}

export const EMPTY_REPLY: AssistantReply = {
  content: '',
  reasoning: '',
  toolCalls: [],
  finishReason: null,
  usage: null,
  error: null,
};

/**
 * Folds one streamed chunk into the reply (pure, so it is easy to test): content and reasoning are
 * appended, tool calls are assembled by their `index` (id, type and name from the first delta that
 * has them, arguments concatenated), the usage chunk and an error event are kept. Only choice 0 counts.
 */
export function applyChunk(reply: AssistantReply, chunk: ChatChunk): AssistantReply {
  let next = reply;
  if (chunk.error) next = { ...next, error: chunk.error };
  if (chunk.usage) next = { ...next, usage: chunk.usage };
  const choice = chunk.choices?.find((item) => item.index === 0);
  if (!choice) return next;
  const delta = choice.delta ?? {};
  if (delta.content) next = { ...next, content: next.content + delta.content };
  if (delta.reasoning_content) next = { ...next, reasoning: next.reasoning + delta.reasoning_content };
  if (delta.tool_calls?.length) {
    const blank = (): ToolCall => ({ id: '', type: 'function', function: { name: '', arguments: '' } });
    const calls = [...next.toolCalls];
    for (const part of delta.tool_calls) {
      const slot = calls[part.index] ?? blank();
      calls[part.index] = {
        id: slot.id || part.id || '',
        type: 'function',
        function: {
          name: slot.function.name || part.function?.name || '',
          arguments: slot.function.arguments + (part.function?.arguments ?? ''),
        },
      };
    }
    // A provider that skips an index would leave a hole: fill it so the list stays dense.
    for (let index = 0; index < calls.length; index++) calls[index] ??= blank();
    next = { ...next, toolCalls: calls };
  }
  if (choice.finish_reason) next = { ...next, finishReason: choice.finish_reason };
  return next;
}

/** True once a chunk carried something visible (for time to first token). */
export function hasOutput(chunk: ChatChunk): boolean {
  const delta = chunk.choices?.find((item) => item.index === 0)?.delta;
  return Boolean(delta && (delta.content || delta.reasoning_content || delta.tool_calls?.length));
}

/** A whole (non-streamed) completion as a reply. */
export function replyFromCompletion(completion: ChatCompletion): AssistantReply {
  const choice = completion.choices?.find((item) => item.index === 0);
  const message = choice?.message ?? {};
  return {
    content: message.content ?? '',
    reasoning: message.reasoning_content ?? '',
    toolCalls: message.tool_calls ?? [],
    finishReason: choice?.finish_reason ?? null,
    usage: completion.usage ?? null,
    error: null,
  };
}
