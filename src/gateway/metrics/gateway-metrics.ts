import type { UsageRecord } from '../../store/store-types.js';
import { type GaugeSample, MetricsRegistry } from './metrics-registry.js';

/** Whole-request latency of LLM calls: tens of milliseconds (errors, cache hits) to ten minutes (long reasoning). */
export const REQUEST_DURATION_BUCKETS: readonly number[] = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600,
];
/** Time to first token: ten milliseconds to two minutes (reasoning models think before they answer). */
export const TTFT_BUCKETS: readonly number[] = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120,
];

/** The `model` label of requests for a model that `isKnownModel` does not recognise. */
export const OTHER_MODEL = 'other';

export type UpstreamAttemptOutcome = 'success' | 'failure';

/** `half-open` and `half_open` are both accepted, so the breaker keeps its own spelling. */
export type BreakerStateName = 'closed' | 'half-open' | 'half_open' | 'open';

export interface BreakerStateSample {
  channel: string;
  target: string;
  /** 0 closed, 1 half-open, 2 open, or the state's name. */
  state: BreakerStateName | 0 | 1 | 2;
}

export interface GatewayMetricsOptions {
  /** Series one metric may hold (default 2,000); further label combinations are dropped and counted. */
  maxSeriesPerMetric?: number;
  /**
   * When given, requests for models it does not know are labelled `other`, so clients sending made-up
   * model names share one series instead of filling the series limit (e.g. `id => catalog().has(id)`).
   */
  isKnownModel?: (model: string) => boolean;
  onCollectError?: (metric: string, error: unknown) => void;
}

/** The fields of a usage record the metrics read. */
export type MeteredUsage = Pick<
  UsageRecord,
  | 'model'
  | 'status'
  | 'latencyMs'
  | 'ttftMs'
  | 'promptTokens'
  | 'cachedTokens'
  | 'completionTokens'
  | 'costMicros'
  | 'channel'
>;

const BREAKER_STATE_VALUE: Record<BreakerStateName, number> = {
  closed: 0,
  'half-open': 1,
  half_open: 1,
  open: 2,
};

/** OPT's metric set. Create one per process; every method is cheap enough for the request path. */
export class GatewayMetrics {
  readonly registry: MetricsRegistry;
  readonly #isKnownModel: ((model: string) => boolean) | null;
  readonly #requests;
  readonly #duration;
  readonly #ttft;
  readonly #tokens;
  readonly #cost;
  readonly #upstreamErrors;
  readonly #upstreamAttempts;
  readonly #breakerState;
  readonly #queueDepth;
  readonly #inflight;

  constructor(options: GatewayMetricsOptions = {}) {
    const registry = new MetricsRegistry(options);
    this.registry = registry;
    this.#isKnownModel = options.isKnownModel ?? null;
    this.#requests = registry.counter('opt_requests_total', 'Requests by model and usage status.', [
      'model',
      'status',
    ]);
    this.#duration = registry.histogram(
      'opt_request_duration_seconds',
      'Request duration of requests routed to an upstream, in seconds.',
      ['model'],
      REQUEST_DURATION_BUCKETS,
    );
    this.#ttft = registry.histogram(
      'opt_time_to_first_token_seconds',
      'Time from request to the first content sent to the client, in seconds.',
      ['model'],
      TTFT_BUCKETS,
    );
    this.#tokens = registry.counter(
      'opt_tokens_total',
      'Tokens by kind: prompt (cached included), cached, completion.',
      ['model', 'kind'],
    );
    this.#cost = registry.counter(
      'opt_cost_micros_total',
      'Cost charged, in micro-units of the configured currency.',
      ['model'],
    );
    this.#upstreamErrors = registry.counter(
      'opt_upstream_errors_total',
      'Failed upstream attempts by channel and error code.',
      ['channel', 'code'],
    );
    this.#upstreamAttempts = registry.counter(
      'opt_upstream_attempts_total',
      'Upstream attempts by channel and outcome.',
      ['channel', 'outcome'],
    );
    this.#breakerState = registry.callbackGauge(
      'opt_breaker_state',
      'Circuit breaker state per channel target: 0 closed, 1 half-open, 2 open.',
      ['channel', 'target'],
    );
    this.#queueDepth = registry.callbackGauge(
      'opt_usage_queue_depth',
      'Usage records accepted but not yet written.',
      [],
    );
    this.#inflight = registry.callbackGauge('opt_inflight_requests', 'Requests being served.', []);
  }

  /** Call once per usage record (the record the `RequestMeter` hands to the batch writer). */
  recordUsage(record: MeteredUsage): void {
    const model = this.#modelLabel(record.model);
    this.#requests.inc([model, record.status]);
    // Only requests that reached an upstream: fast refusals (401, 404, 429) would hide slow calls.
    if (record.channel !== null) this.#duration.observe([model], record.latencyMs / 1000);
    if (record.ttftMs !== null) this.#ttft.observe([model], record.ttftMs / 1000);
    if (record.promptTokens > 0) this.#tokens.inc([model, 'prompt'], record.promptTokens);
    if (record.cachedTokens > 0) this.#tokens.inc([model, 'cached'], record.cachedTokens);
    if (record.completionTokens > 0) this.#tokens.inc([model, 'completion'], record.completionTokens);
    if (record.costMicros > 0) this.#cost.inc([model], record.costMicros);
  }

  /**
   * Call once per upstream attempt, retries and failovers included. Upstream errors are counted here,
   * per attempt, not from usage records: a request that failed over and succeeded still had an error.
   */
  recordUpstreamAttempt(channel: string, outcome: UpstreamAttemptOutcome, errorCode?: string | null): void {
    this.#upstreamAttempts.inc([channel, outcome]);
    if (outcome === 'failure') this.#upstreamErrors.inc([channel, errorCode ?? 'unknown']);
  }

  setBreakerStates(read: () => Iterable<BreakerStateSample>): void {
    this.#breakerState.setCollector(() => breakerSamples(read()));
  }

  setQueueDepth(read: () => number): void {
    this.#queueDepth.setCollector(() => [{ labels: [], value: read() }]);
  }

  setInflight(read: () => number): void {
    this.#inflight.setCollector(() => [{ labels: [], value: read() }]);
  }

  /** The exposition text for `GET /metrics`. */
  render(): string {
    return this.registry.render();
  }

  #modelLabel(model: string): string {
    if (model === '') return OTHER_MODEL;
    return this.#isKnownModel === null || this.#isKnownModel(model) ? model : OTHER_MODEL;
  }
}

export function createGatewayMetrics(options: GatewayMetricsOptions = {}): GatewayMetrics {
  return new GatewayMetrics(options);
}

function* breakerSamples(
  states: Iterable<BreakerStateSample>,
): Iterable<GaugeSample<readonly ['channel', 'target']>> {
  for (const { channel, target, state } of states) {
    const value = typeof state === 'number' ? state : BREAKER_STATE_VALUE[state];
    if (value !== undefined) yield { labels: [channel, target], value };
  }
}
