import type { ChatCompletionChunk, ChunkDelta, FinishReason } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { SseDecoder } from '../shared/parse-sse.js';
import { parseErrorBody, toUpstreamTransportError } from '../shared/parse-upstream-error.js';
import {
  completionId,
  invalidResponse,
  toFinishReason,
  toToolCall,
  toUsage,
} from './from-gemini-response.js';
import type { GeminiResponse, GeminiUsageMetadata } from './gemini-wire.js';
import { BLOCKED_PROMPT_FINISH } from './map-gemini-finish-reason.js';

/**
 * `streamGenerateContent?alt=sse` → ChatCompletionChunk. Each `data:` event is a whole
 * GenerateContentResponse; the first chunk carries the role, function calls arrive complete and
 * become complete tool-call deltas (index counted over tool calls only), a candidate's finishReason
 * becomes the finish chunk, and the last usageMetadata becomes a final chunk with `choices: []`.
 * A stream that ends without a finish reason is an error, never a silently truncated answer.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export async function* readGeminiStream(
  body: Promise<AsyncIterable<Uint8Array>>,
  call: UpstreamCall,
  createdSeconds: number,
): AsyncGenerator<ChatCompletionChunk> {
  const { target } = call;
  const source = await body;
  const decoder = new SseDecoder();
  let id: string | null = null;
  let model = target.upstreamModel;
  let sentRole = false;
  let toolCalls = 0;
  let finish: FinishReason | null = null;
  let usage: GeminiUsageMetadata | null = null;

  const chunk = (delta: ChunkDelta, finishReason: FinishReason | null): ChatCompletionChunk => ({
    id: id!,
    object: 'chat.completion.chunk',
    created: createdSeconds,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });

  const toChunks = (data: string): ChatCompletionChunk[] => {
    if (data.length === 0 || finish !== null) return [];
    let event: GeminiResponse;
    try {
      event = JSON.parse(data) as GeminiResponse;
    } catch {
      throw invalidResponse(target, 'a malformed stream event');
    }
    if (typeof event !== 'object' || event === null)
      throw invalidResponse(target, 'a malformed stream event');
    if (event.error !== undefined) {
      const parsed = parseErrorBody(JSON.stringify({ error: event.error }));
      throw new UpstreamError(
        'upstream_error',
        `Upstream channel '${target.channel}' reported an error mid-stream: ${parsed.message ?? 'unknown error'}`,
        { provider: target.provider, channel: target.channel, upstreamStatus: 200 },
      );
    }
    id ??= completionId(event);
    if (event.modelVersion) model = event.modelVersion;
    if (event.usageMetadata) usage = event.usageMetadata;
    const out: ChatCompletionChunk[] = [];
    if (!sentRole) {
      sentRole = true;
      out.push(chunk({ role: 'assistant', content: '' }, null));
    }
    const candidate = event.candidates?.[0];
    if (!candidate) {
      if (event.promptFeedback?.blockReason) {
        finish = BLOCKED_PROMPT_FINISH;
        out.push(chunk({}, finish));
      }
      return out;
    }
    for (const part of candidate.content?.parts ?? []) {
      if (part.functionCall) {
        const toolCall = toToolCall(part, toolCalls);
        out.push(chunk({ tool_calls: [{ index: toolCalls, ...toolCall }] }, null));
        toolCalls++;
      } else if (typeof part.text === 'string' && part.text.length > 0) {
        out.push(chunk(part.thought ? { reasoning_content: part.text } : { content: part.text }, null));
      }
    }
    if (candidate.finishReason) {
      finish = toFinishReason(candidate.finishReason, toolCalls > 0, target);
      out.push(chunk({}, finish));
    }
    return out;
  };

  try {
    for await (const piece of source) {
      for (const event of decoder.push(piece)) yield* toChunks(event.data);
    }
    for (const event of decoder.end()) yield* toChunks(event.data);
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    // The answer was complete; a connection that then fails costs only the connection.
    if (finish === null || call.signal.aborted) throw toUpstreamTransportError(error, target, call.signal);
  }
  if (finish === null) throw invalidResponse(target, 'a stream that ended before it was complete');
  if (usage) {
    yield {
      id: id!,
      object: 'chat.completion.chunk',
      created: createdSeconds,
      model,
      choices: [],
      usage: toUsage(usage),
    };
  }
}
