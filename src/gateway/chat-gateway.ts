import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessage,
  ChatRequest,
} from '../api/chat-types.js';
import { toGatewayError } from '../api/gateway-error.js';
import { type FailoverOptions, runWithFailover } from './failover.js';
import { meterStream, type StreamHooks } from './meter-stream.js';
import type { ModelCatalog, RoutePlan } from './model-catalog.js';
import type { QuotaGate } from './quota-gate.js';
import type { RequestAbort } from './request-abort.js';
import {
  logRequestBody,
  planForKey,
  relayWholeAnswer,
  startDeadline,
  totalDeadlineMs,
} from './request-admission.js';
import type { RequestMeter } from './request-meter.js';

/** A stream whose first chunk has arrived: only now may the server commit to a 200 event stream. */
export interface OpenedStream {
  first: ChatCompletionChunk | null;
  rest: AsyncIterator<ChatCompletionChunk>;
}

/**
 * The request path after authentication and validation: plan the route, reserve quota, call the upstream
 * with failover under a total deadline, and meter the outcome. HTTP-free: the server layer owns sockets
 * and framing.
 */
export class ChatGateway {
  constructor(
    private readonly catalog: () => ModelCatalog,
    private readonly quota: QuotaGate,
    private readonly failover: FailoverOptions,
  ) {}

  /** The model's targets and fallbacks for this key; unknown and forbidden models look the same (404). */
  resolvePlan(request: ChatRequest, meter: RequestMeter): RoutePlan {
    return planForKey(this.catalog(), request.model, meter);
  }

  /** Plan, then reserve: a request refused for quota never reaches an upstream. */
  private async admit(
    request: ChatRequest,
    meter: RequestMeter,
  ): Promise<{ plan: RoutePlan; totalMs: number }> {
    const plan = this.resolvePlan(request, meter);
    const totalMs = totalDeadlineMs(plan);
    logRequestBody(meter, request);
    await this.quota.admit(request, meter, totalMs);
    return { plan, totalMs };
  }

  async complete(request: ChatRequest, meter: RequestMeter, abort: RequestAbort): Promise<ChatCompletion> {
    const { plan, totalMs } = await this.admit(request, meter);
    return relayWholeAnswer({
      plan,
      totalMs,
      requestedModel: request.model,
      meter,
      abort,
      failover: this.failover,
      quota: this.quota,
      attempt: (target, call) => target.adapter.complete(request, call),
      record(completion) {
        if (completion.usage) meter.recordUsage(completion.usage);
        else for (const choice of completion.choices) recordProducedMessage(meter, choice.message);
        meter.markFirstToken();
      },
    });
  }

  /**
   * Opens the upstream stream and waits for its first chunk, so that failures before any output still
   * become ordinary HTTP errors — and can fail over to the next target. The returned iterator meters as
   * it is read; a failure after the first chunk counts against the target that produced it.
   */
  async openStream(request: ChatRequest, meter: RequestMeter, abort: RequestAbort): Promise<OpenedStream> {
    const { plan, totalMs } = await this.admit(request, meter);
    const deadline = startDeadline(abort, totalMs);
    const includeUsage = request.stream_options?.include_usage === true;
    try {
      const { value, route } = await runWithFailover(
        plan,
        meter,
        abort,
        this.failover.now() + totalMs,
        this.failover,
        async (route, call) => {
          const hooks: StreamHooks = {};
          const rest = meterStream(
            route.adapter.stream(request, call),
            meter,
            includeUsage,
            () => clearTimeout(deadline),
            hooks,
          );
          const first = await rest.next();
          return { first: first.done ? null : first.value, rest, hooks };
        },
      );
      value.hooks.onFailureAfterOutput = () => route.breaker.recordFailure();
      if (route.publicModel !== request.model) this.quota.reprice(meter, route.publicModel);
      return { first: value.first, rest: value.rest };
    } catch (error) {
      // Every attempt failed before any output (the last one's stream did not meter it).
      clearTimeout(deadline);
      const gatewayError = toGatewayError(error);
      void meter.fail(gatewayError);
      throw gatewayError;
    }
  }
}

/** Keeps a message's text, reasoning and tool calls for the tokenizer when the upstream sent no usage. */
function recordProducedMessage(meter: RequestMeter, message: ChatCompletionMessage | undefined): void {
  if (!message) return;
  meter.recordProducedText(message.content ?? '');
  meter.recordProducedText(message.reasoning_content ?? '');
  for (const call of message.tool_calls ?? [])
    meter.recordProducedText(call.function.name + call.function.arguments);
}
