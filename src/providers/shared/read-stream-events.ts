import type { ChatCompletionChunk } from '../../api/chat-types.js';
import { UpstreamError } from '../../api/gateway-error.js';
import { rememberWireText } from '../../api/wire-text.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { SseDecoder, type SseEvent } from './parse-sse.js';
import { parseErrorBody, toUpstreamTransportError } from './parse-upstream-error.js';

/**
 * Reads an OpenAI-style chunk stream: one JSON chunk per `data:` event, `[DONE]` at the end.
 * An `{"error":…}` event or a stream cut before `[DONE]` becomes an UpstreamError, so a truncated
 * answer is never passed off as complete.
 */
export async function* readStreamEvents(
  body: AsyncIterable<Uint8Array> | Promise<AsyncIterable<Uint8Array>>,
  call: UpstreamCall,
): AsyncGenerator<ChatCompletionChunk> {
  const { target } = call;
  // Adapters may hand over the pending response body, sparing a generator layer of their own that
  // every streamed event would otherwise cross.
  const source = await body;
  let finishedChoices = 0;
  let sawUsage = false;
  let sawDone = false;
  const decoder = new SseDecoder();
  /** The chunk an event carries; null for events to skip. Throws for error events and garbage. */
  const toChunk = (event: SseEvent): ChatCompletionChunk | null => {
    const data = event.data;
    if (sawDone || data.length === 0) return null;
    if (data === '[DONE]') {
      sawDone = true;
      return null;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw streamError(call, 'sent a malformed stream event');
    }
    if (typeof chunk !== 'object' || chunk === null) throw streamError(call, 'sent a malformed stream event');
    const record = chunk as ChatCompletionChunk & { error?: unknown };
    if (record.error !== undefined) {
      const parsed = parseErrorBody(JSON.stringify({ error: record.error }));
      throw streamError(call, `reported an error mid-stream: ${parsed.message ?? 'unknown error'}`);
    }
    if (!Array.isArray(record.choices)) throw streamError(call, 'sent a stream event without choices');
    for (const choice of record.choices) if (choice.finish_reason) finishedChoices++;
    if (record.usage) sawUsage = true;
    rememberWireText(record, data);
    return record;
  };
  try {
    // After [DONE] the loop keeps reading to the body's natural end instead of breaking out: breaking
    // destroys the body, which throws away the pooled keep-alive connection to the upstream.
    for await (const piece of source) {
      for (const event of decoder.push(piece)) {
        const chunk = toChunk(event);
        if (chunk) yield chunk;
      }
    }
    for (const event of decoder.end()) {
      const chunk = toChunk(event);
      if (chunk) yield chunk;
    }
  } catch (error) {
    // The answer was complete; a connection that then fails (or idles out) costs only the connection.
    if (sawDone && !call.signal.aborted) return;
    throw toUpstreamTransportError(error, target, call.signal);
  }
  if (sawDone) return;
  // Some compatible servers omit [DONE]; accept that only when the answer is visibly complete.
  if (finishedChoices > 0 && sawUsage) return;
  throw streamError(call, 'closed the stream before it was complete');
}

function streamError(call: UpstreamCall, what: string): UpstreamError {
  const sentence = /[.!?]$/.test(what) ? what : `${what}.`;
  return new UpstreamError('upstream_error', `Upstream channel '${call.target.channel}' ${sentence}`, {
    provider: call.target.provider,
    channel: call.target.channel,
    upstreamStatus: 200,
  });
}
