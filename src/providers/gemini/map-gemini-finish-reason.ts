import type { FinishReason } from '../../api/chat-types.js';

/**
 * What a Gemini finish reason means for the OpenAI answer. `error` marks a turn the model botched
 * (MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL): the adapter throws an UpstreamError for those rather
 * than pass an unusable answer off as a clean 'stop', so the gateway can fail over and clients see why.
 * @see https://ai.google.dev/api/generate-content#FinishReason
 */
export type GeminiFinish =
  | { kind: 'finish'; reason: FinishReason }
  | { kind: 'error'; upstreamReason: string };

export function mapGeminiFinishReason(reason: string, hasToolCalls: boolean): GeminiFinish {
  switch (reason) {
    case 'STOP':
      return { kind: 'finish', reason: hasToolCalls ? 'tool_calls' : 'stop' };
    case 'MAX_TOKENS':
      return { kind: 'finish', reason: 'length' };
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'LANGUAGE':
      return { kind: 'finish', reason: 'content_filter' };
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
      return { kind: 'error', upstreamReason: reason };
    default:
      // FINISH_REASON_UNSPECIFIED, OTHER and reasons added later.
      return { kind: 'finish', reason: hasToolCalls ? 'tool_calls' : 'stop' };
  }
}

/** A blocked prompt (promptFeedback.blockReason, no candidates) is a content filter answer. */
export const BLOCKED_PROMPT_FINISH: FinishReason = 'content_filter';
