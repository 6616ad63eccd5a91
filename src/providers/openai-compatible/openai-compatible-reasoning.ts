import type { ChatCompletion, ChatCompletionChunk } from '../../api/chat-types.js';
import { forgetWireText } from '../../api/wire-text.js';

/**
 * Moves a vendor's thinking text from `field` (e.g. `reasoning`) to `reasoning_content` on a message or
 * delta; a `reasoning_content` already there wins. True when the object changed.
 */
export function moveReasoningField(
  holder: Record<string, unknown> | null | undefined,
  field: string,
): boolean {
  if (!holder || !(field in holder)) return false;
  const value = holder[field];
  if (
    typeof value === 'string' &&
    (holder.reasoning_content === undefined || holder.reasoning_content === null)
  ) {
    holder.reasoning_content = value;
  }
  delete holder[field];
  return true;
}

export function moveCompletionReasoning(completion: ChatCompletion, field: string): void {
  let changed = false;
  for (const choice of completion.choices) changed = moveReasoningField(choice.message, field) || changed;
  if (changed) forgetWireText(completion);
}

export function moveChunkReasoning(chunk: ChatCompletionChunk, field: string): void {
  let changed = false;
  for (const choice of chunk.choices) changed = moveReasoningField(choice.delta, field) || changed;
  if (changed) forgetWireText(chunk);
}
