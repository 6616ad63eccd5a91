import type { ChatMessage, ChatRequest } from '../../api/chat-types.js';
import type { OpenAiCompatibleQuirks } from './openai-compatible-quirks.js';

const MAX_TOKENS_NAMES = ['max_tokens', 'max_completion_tokens'] as const;
const REASONING_FIELDS = ['reasoning_content', 'reasoning'] as const;

/**
 * The validated request as the vendor takes it: `model` rewritten, unknown fields kept, and the vendor's
 * quirks applied. Streams always ask for usage where the vendor accepts `stream_options`.
 */
export function toOpenAiCompatibleBody(
  request: ChatRequest,
  upstreamModel: string,
  quirks: OpenAiCompatibleQuirks,
  stream: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...request, model: upstreamModel };
  if (stream) {
    body.stream = true;
    if (quirks.streamUsage) body.stream_options = { ...request.stream_options, include_usage: true };
    else delete body.stream_options;
  }
  for (const param of quirks.dropParams) delete body[param];
  if (quirks.maxTokensField) renameMaxTokens(body, quirks.maxTokensField);
  if (quirks.stripReasoningInput && request.messages.some(hasReasoning)) {
    body.messages = request.messages.map(withoutReasoning);
  }
  return body;
}

/** Sends the cap under the vendor's name; when both names came, the vendor's own wins. */
function renameMaxTokens(body: Record<string, unknown>, field: (typeof MAX_TOKENS_NAMES)[number]): void {
  const other = field === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
  if (body[other] === undefined) return;
  if (body[field] === undefined) body[field] = body[other];
  delete body[other];
}

function hasReasoning(message: ChatMessage): boolean {
  return message.role === 'assistant' && REASONING_FIELDS.some((field) => field in message);
}

function withoutReasoning(message: ChatMessage): ChatMessage {
  if (!hasReasoning(message)) return message;
  const copy: Record<string, unknown> = { ...message };
  for (const field of REASONING_FIELDS) delete copy[field];
  return copy as unknown as ChatMessage;
}
