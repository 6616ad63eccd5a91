import { describe, expect, it } from 'vitest';
import { buildUsageRecord } from '../../../test/support/usage-records.js';
import { createGatewayMetrics } from './gateway-metrics.js';

/** The sample lines of one metric family, in render order. */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('GatewayMetrics.recordUsage', () => {
  it('maps a usage record to requests, durations, tokens and cost', () => {
    const metrics = createGatewayMetrics();
    metrics.recordUsage(
      buildUsageRecord(1, {
        model: 'gpt-4o',
        status: 'ok',
        latencyMs: 1_500,
        ttftMs: 300,
        promptTokens: 120,
        cachedTokens: 100,
        completionTokens: 30,
        costMicros: 4_250,
      }),
    );
    const text = metrics.render();
    expect(samples(text, 'opt_requests_total')).toEqual(['opt_requests_total{model="gpt-4o",status="ok"} 1']);
    expect(text).toContain('opt_request_duration_seconds_bucket{model="gpt-4o",le="1"} 0\n');
    expect(text).toContain('opt_request_duration_seconds_bucket{model="gpt-4o",le="2.5"} 1\n');
    expect(text).toContain('opt_request_duration_seconds_sum{model="gpt-4o"} 1.5\n');
    expect(text).toContain('opt_time_to_first_token_seconds_bucket{model="gpt-4o",le="0.25"} 0\n');
    expect(text).toContain('opt_time_to_first_token_seconds_bucket{model="gpt-4o",le="0.5"} 1\n');
    expect(text).toContain('opt_time_to_first_token_seconds_sum{model="gpt-4o"} 0.3\n');
    expect(samples(text, 'opt_tokens_total')).toEqual([
      'opt_tokens_total{model="gpt-4o",kind="prompt"} 120',
      'opt_tokens_total{model="gpt-4o",kind="cached"} 100',
      'opt_tokens_total{model="gpt-4o",kind="completion"} 30',
    ]);
    expect(samples(text, 'opt_cost_micros_total')).toEqual(['opt_cost_micros_total{model="gpt-4o"} 4250']);
  });

  it('counts refusals by status without a duration, a first token, tokens or cost', () => {
    const metrics = createGatewayMetrics();
    const refused = {
      model: 'gpt-4o',
      status: 'rate_limited' as const,
      channel: null,
      ttftMs: null,
      promptTokens: 0,
      cachedTokens: 0,
      completionTokens: 0,
      costMicros: 0,
    };
    metrics.recordUsage(buildUsageRecord(1, refused));
    metrics.recordUsage(buildUsageRecord(2, refused));
    metrics.recordUsage(buildUsageRecord(3, { model: 'gpt-4o', status: 'upstream_error', ttftMs: null }));
    const text = metrics.render();
    expect(samples(text, 'opt_requests_total')).toEqual([
      'opt_requests_total{model="gpt-4o",status="rate_limited"} 2',
      'opt_requests_total{model="gpt-4o",status="upstream_error"} 1',
    ]);
    expect(samples(text, 'opt_request_duration_seconds_count')).toEqual([
      'opt_request_duration_seconds_count{model="gpt-4o"} 1',
    ]);
    expect(samples(text, 'opt_time_to_first_token_seconds_count')).toEqual([]);
    expect(samples(text, 'opt_cost_micros_total')).toEqual([]);
  });

  it('labels models that isKnownModel rejects, and empty ones, as other', () => {
    const metrics = createGatewayMetrics({ isKnownModel: (model) => model === 'gpt-4o' });
    for (const model of ['gpt-4o', 'random-1', 'random-2', '']) {
      metrics.recordUsage(buildUsageRecord(1, { model, status: 'not_found', channel: null }));
    }
    expect(samples(metrics.render(), 'opt_requests_total')).toEqual([
      'opt_requests_total{model="gpt-4o",status="not_found"} 1',
      'opt_requests_total{model="other",status="not_found"} 3',
    ]);
  });

  it('stops adding model series at the limit and counts the dropped ones', () => {
    const metrics = createGatewayMetrics({ maxSeriesPerMetric: 5 });
    for (let i = 0; i < 50; i++) metrics.recordUsage(buildUsageRecord(i, { model: `m-${i}`, status: 'ok' }));
    const text = metrics.render();
    expect(samples(text, 'opt_requests_total')).toHaveLength(5);
    expect(text).toContain('opt_metrics_dropped_series_total{metric="opt_requests_total"} 45\n');
  });
});

describe('GatewayMetrics upstream attempts and gauges', () => {
  it('counts attempts by outcome and failures by error code', () => {
    const metrics = createGatewayMetrics();
    metrics.recordUpstreamAttempt('openai', 'success');
    metrics.recordUpstreamAttempt('openai', 'failure', 'upstream_timeout');
    metrics.recordUpstreamAttempt('openai', 'failure', 'upstream_timeout');
    metrics.recordUpstreamAttempt('azure', 'failure');
    const text = metrics.render();
    expect(samples(text, 'opt_upstream_attempts_total')).toEqual([
      'opt_upstream_attempts_total{channel="openai",outcome="success"} 1',
      'opt_upstream_attempts_total{channel="openai",outcome="failure"} 2',
      'opt_upstream_attempts_total{channel="azure",outcome="failure"} 1',
    ]);
    expect(samples(text, 'opt_upstream_errors_total')).toEqual([
      'opt_upstream_errors_total{channel="openai",code="upstream_timeout"} 2',
      'opt_upstream_errors_total{channel="azure",code="unknown"} 1',
    ]);
  });

  it('reads breaker states, queue depth and in-flight requests at scrape time', () => {
    const metrics = createGatewayMetrics();
    let depth = 3;
    metrics.setQueueDepth(() => depth);
    metrics.setInflight(() => 12);
    metrics.setBreakerStates(() => [
      { channel: 'openai', target: 'https://a.example', state: 'closed' },
      { channel: 'openai', target: 'https://b.example', state: 'half-open' },
      { channel: 'azure', target: 'eastus', state: 'open' },
      { channel: 'azure', target: 'westus', state: 1 },
    ]);
    expect(samples(metrics.render(), 'opt_usage_queue_depth')).toEqual(['opt_usage_queue_depth 3']);
    depth = 0;
    const text = metrics.render();
    expect(samples(text, 'opt_usage_queue_depth')).toEqual(['opt_usage_queue_depth 0']);
    expect(samples(text, 'opt_inflight_requests')).toEqual(['opt_inflight_requests 12']);
    expect(samples(text, 'opt_breaker_state')).toEqual([
      'opt_breaker_state{channel="openai",target="https://a.example"} 0',
      'opt_breaker_state{channel="openai",target="https://b.example"} 1',
      'opt_breaker_state{channel="azure",target="eastus"} 2',
      'opt_breaker_state{channel="azure",target="westus"} 1',
    ]);
  });

  it('declares every OPT metric with HELP and TYPE before any traffic', () => {
    const text = createGatewayMetrics().render();
    const types = text
      .split('\n')
      .filter((line) => line.startsWith('# TYPE '))
      .map((line) => line.slice('# TYPE '.length));
    expect(types).toEqual([
      'opt_requests_total counter',
      'opt_request_duration_seconds histogram',
      'opt_time_to_first_token_seconds histogram',
      'opt_tokens_total counter',
      'opt_cost_micros_total counter',
      'opt_upstream_errors_total counter',
      'opt_upstream_attempts_total counter',
      'opt_breaker_state gauge',
      'opt_usage_queue_depth gauge',
      'opt_inflight_requests gauge',
      'opt_metrics_dropped_series_total counter',
    ]);
  });
});
