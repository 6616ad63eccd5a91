import type { ChatCompletionChunk } from '../api/chat-types.js';
import { GatewayError, toGatewayError } from '../api/gateway-error.js';
import { microsToNumber } from '../api/money.js';
import { forgetWireText, toWireText, withoutTrailingNullUsage } from '../api/wire-text.js';
import type { RequestMeter } from './request-meter.js';

/**
 * Wraps an adapter's chunk stream: records usage and time to first token, normalises what clients
 * rely on (the first delta of each choice carries `role`; usage comes in its own `choices: []`
 * chunk), hides the usage the gateway asked for when the client did not, and writes the usage
 * record exactly once however the stream ends.
 * @see ../shared/API-CONTRACT.md §4 rules 3 and 7
 */
export interface StreamHooks {
  /** A failure after output reached the client: held against the target that produced it. */
  onFailureAfterOutput?: () => void;
}

export async function* meterStream(
  source: AsyncIterable<ChatCompletionChunk>,
  meter: RequestMeter,
  includeUsage: boolean,
  onEnd: () => void,
  hooks: StreamHooks = {},
): AsyncGenerator<ChatCompletionChunk> {
  const choicesWithRole = new Set<number>();
  let outcome: GatewayError | 'ok' | null = null;
  // Until a chunk is handed out, a failure is the gateway's to retry elsewhere and to meter.
  let handedOut = false;
  // Usage some upstreams put on a chunk that still has choices; the client gets it in its own chunk.
  let detachedUsage: ChatCompletionChunk | null = null;
  try {
    for await (const chunk of source) {
      if (typeof chunk.model === 'string' && chunk.model.length > 0) meter.servedModel = chunk.model;
      if (chunk.usage) meter.recordUsage(chunk.usage);
      if (!includeUsage && chunk.usage !== undefined) {
        if (chunk.choices.length === 0) continue;
        chunk.usage = undefined;
        withoutTrailingNullUsage(chunk);
      } else if (includeUsage && chunk.usage) {
        if (chunk.choices.length === 0) {
          detachedUsage = null;
          addCost(chunk, meter);
        } else {
          detachedUsage = { ...chunk, choices: [], usage: chunk.usage };
          chunk.usage = null;
          forgetWireText(chunk);
        }
      }
      for (const choice of chunk.choices) {
        const delta = choice.delta;
        if (!delta) continue;
        if (!choicesWithRole.has(choice.index)) {
          choicesWithRole.add(choice.index);
          if (delta.role === undefined) {
            delta.role = 'assistant';
            forgetWireText(chunk);
          }
        }
        if (recordDelta(meter, delta)) meter.markFirstToken();
      }
      if (meter.isLoggingBodies) meter.logResponsePart(toWireText(chunk));
      handedOut = true;
      yield chunk;
    }
    if (detachedUsage) {
      addCost(detachedUsage, meter);
      if (meter.isLoggingBodies) meter.logResponsePart(toWireText(detachedUsage));
      yield detachedUsage;
    }
    outcome = 'ok';
  } catch (error) {
    outcome = toGatewayError(error);
    throw outcome;
  } finally {
    if (handedOut || !(outcome instanceof GatewayError)) {
      onEnd();
      if (outcome instanceof GatewayError) hooks.onFailureAfterOutput?.();
      meterOutcome(meter, outcome);
    }
  }
}

function meterOutcome(meter: RequestMeter, outcome: GatewayError | 'ok' | null): void {
  // A consumer that stops reading (client gone) lands here with no outcome: that is a cancellation.
  if (outcome === 'ok') void meter.succeed();
  else
    void meter.fail(
      outcome ??
        new GatewayError('client_closed_request', 'The client closed the connection before the end.'),
    );
}

/** The usage chunk the client asked for also says what the request cost (in the configured currency). */
function addCost(chunk: ChatCompletionChunk, meter: RequestMeter): void {
  const usage = chunk.usage;
  if (!usage) return;
  const costMicros = meter.costOfUsage(usage);
  if (costMicros === null) return;
  chunk.usage = { ...usage, cost: microsToNumber(costMicros) };
  forgetWireText(chunk);
}

/** Keeps produced text for the tokenizer fallback; true when the delta carried output. */
function recordDelta(
  meter: RequestMeter,
  delta: NonNullable<ChatCompletionChunk['choices'][number]['delta']>,
): boolean {
  let produced = false;
  if (typeof delta.content === 'string' && delta.content.length > 0) {
    produced = true;
    if (!meter.hasUsage) meter.recordProducedText(delta.content);
  }
  if (typeof delta.reasoning_content === 'string' && delta.reasoning_content.length > 0) {
    produced = true;
    if (!meter.hasUsage) meter.recordProducedText(delta.reasoning_content);
  }
  if (delta.tool_calls) {
    produced = true;
    if (!meter.hasUsage) {
      for (const call of delta.tool_calls) {
        meter.recordProducedText((call.function?.name ?? '') + (call.function?.arguments ?? ''));
      }
    }
  }
  return produced;
}
