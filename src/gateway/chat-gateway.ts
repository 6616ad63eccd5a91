import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessage,
  ChatRequest,
} from '../api/chat-types.js';
import { NoRouteError, toGatewayError } from '../api/gateway-error.js';
import { toWireText } from '../api/wire-text.js';
import { meterStream } from './meter-stream.js';
import type { ModelCatalog, RouteTarget } from './model-catalog.js';
import type { QuotaGate } from './quota-gate.js';
import type { RequestAbort } from './request-abort.js';
import type { RequestMeter } from './request-meter.js';

/** A stream whose first chunk has arrived: only now may the server commit to a 200 event stream. */
export interface OpenedStream {
  first: ChatCompletionChunk | null;
  rest: AsyncIterator<ChatCompletionChunk>;
}

/**
 * The request path after authentication and validation: pick a route, call the upstream under a
 * total deadline, and meter the outcome. HTTP-free: the server layer owns sockets and framing.
 */
export class ChatGateway {
  constructor(
    private readonly catalog: () => ModelCatalog,
    private readonly quota: QuotaGate,
  ) {}

  /** Resolves the model for this key; unknown and forbidden models look the same (404). */
  resolveRoute(request: ChatRequest, meter: RequestMeter): RouteTarget {
    const allowed = meter.key?.models;
    const routes = allowed && !allowed.has(request.model) ? [] : this.catalog().routesFor(request.model);
    const route = routes[0];
    if (!route) throw new NoRouteError(request.model);
    meter.channel = route.target.channel;
    meter.servedModel = route.target.upstreamModel;
    return route;
  }

  /** Route, then reserve: a request refused for quota never reaches an upstream. */
  private async admit(request: ChatRequest, meter: RequestMeter): Promise<RouteTarget> {
    const route = this.resolveRoute(request, meter);
    const retentionDays = meter.key?.promptRetentionDays;
    if (retentionDays) meter.logBodies(retentionDays, JSON.stringify(request));
    await this.quota.admit(request, meter, route.totalMs);
    return route;
  }

  async complete(request: ChatRequest, meter: RequestMeter, abort: RequestAbort): Promise<ChatCompletion> {
    const route = await this.admit(request, meter);
    const deadline = startDeadline(abort, route.totalMs);
    try {
      const completion = await route.adapter.complete(request, {
        target: route.target,
        signal: abort.signal,
        http: route.http,
      });
      if (typeof completion.model === 'string') meter.servedModel = completion.model;
      if (completion.usage) meter.recordUsage(completion.usage);
      else for (const choice of completion.choices) recordProducedMessage(meter, choice.message);
      meter.markFirstToken();
      if (meter.isLoggingBodies) meter.logResponsePart(toWireText(completion));
      void meter.succeed();
      return completion;
    } catch (error) {
      const gatewayError = toGatewayError(error);
      void meter.fail(gatewayError);
      throw gatewayError;
    } finally {
      clearTimeout(deadline);
    }
  }

  /**
   * Opens the upstream stream and waits for its first chunk, so that failures before any output
   * still become ordinary HTTP errors. The returned iterator meters as it is read.
   */
  async openStream(request: ChatRequest, meter: RequestMeter, abort: RequestAbort): Promise<OpenedStream> {
    const route = await this.admit(request, meter);
    const deadline = startDeadline(abort, route.totalMs);
    const source = route.adapter.stream(request, {
      target: route.target,
      signal: abort.signal,
      http: route.http,
    });
    const includeUsage = request.stream_options?.include_usage === true;
    const rest = meterStream(source, meter, includeUsage, () => clearTimeout(deadline));
    const first = await rest.next();
    return { first: first.done ? null : first.value, rest };
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

function startDeadline(abort: RequestAbort, totalMs: number): NodeJS.Timeout {
  const timer = setTimeout(
    () => abort.abort(new DOMException('Total deadline exceeded', 'TimeoutError')),
    totalMs,
  );
  timer.unref();
  return timer;
}
