import type { ChatCompletion, FinishReason, ToolCall, Usage } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamTarget } from '../provider-adapter.js';
import type { GeminiPart, GeminiResponse, GeminiUsageMetadata } from './gemini-wire.js';
import { BLOCKED_PROMPT_FINISH, mapGeminiFinishReason } from './map-gemini-finish-reason.js';

/**
 * Gemini `GenerateContentResponse` → ChatCompletion (first candidate only). Text parts are joined,
 * thought parts become `reasoning_content`, function calls become tool calls with ids `call_<n>`.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function fromGeminiResponse(
  response: GeminiResponse,
  target: UpstreamTarget,
  createdSeconds: number,
): ChatCompletion {
  const candidate = response.candidates?.[0];
  let content = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const part of candidate?.content?.parts ?? []) {
    if (part.functionCall) {
      toolCalls.push(toToolCall(part, toolCalls.length));
    } else if (typeof part.text === 'string') {
      if (part.thought) reasoning += part.text;
      else content += part.text;
    }
  }
  let finishReason: FinishReason;
  if (!candidate) {
    if (!response.promptFeedback?.blockReason) throw invalidResponse(target, 'an answer without candidates');
    finishReason = BLOCKED_PROMPT_FINISH;
  } else {
    finishReason = toFinishReason(candidate.finishReason ?? 'STOP', toolCalls.length > 0, target);
  }
  const completion: ChatCompletion = {
    id: completionId(response),
    object: 'chat.completion',
    created: createdSeconds,
    model: response.modelVersion ?? target.upstreamModel,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: content.length > 0 || toolCalls.length === 0 ? content : null,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...(reasoning.length > 0 ? { reasoning_content: reasoning } : {}),
        },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
  };
  if (response.usageMetadata) completion.usage = toUsage(response.usageMetadata);
  return completion;
}

export function toToolCall(part: GeminiPart, index: number): ToolCall {
  const call = part.functionCall!;
  return {
    id: `call_${index}`,
    type: 'function',
    function: { name: call.name ?? '', arguments: JSON.stringify(call.args ?? {}) },
  };
}

/** Maps a finish reason, throwing for the ones that mean the model's turn is unusable. */
export function toFinishReason(reason: string, hasToolCalls: boolean, target: UpstreamTarget): FinishReason {
  const finish = mapGeminiFinishReason(reason, hasToolCalls);
  if (finish.kind === 'finish') return finish.reason;
  throw invalidResponse(target, `an unusable answer (finish reason ${finish.upstreamReason})`);
}

export function toUsage(metadata: GeminiUsageMetadata): Usage {
  const prompt = metadata.promptTokenCount ?? 0;
  const thoughts = metadata.thoughtsTokenCount ?? 0;
  const completion = (metadata.candidatesTokenCount ?? 0) + thoughts;
  const usage: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: metadata.totalTokenCount ?? prompt + completion,
  };
  if (metadata.cachedContentTokenCount != null) {
    usage.prompt_tokens_details = { cached_tokens: metadata.cachedContentTokenCount };
  }
  if (metadata.thoughtsTokenCount != null) usage.completion_tokens_details = { reasoning_tokens: thoughts };
  return usage;
}

export function completionId(response: GeminiResponse): string {
  return response.responseId
    ? `chatcmpl-${response.responseId}`
    : `chatcmpl-${Math.random().toString(36).slice(2, 14)}`;
}

export function invalidResponse(target: UpstreamTarget, what: string): UpstreamError {
  return new UpstreamError('upstream_error', `Upstream channel '${target.channel}' returned ${what}.`, {
    provider: target.provider,
    channel: target.channel,
    upstreamStatus: 200,
  });
}
