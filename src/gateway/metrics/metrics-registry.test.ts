import { describe, expect, it } from 'vitest';
import { escapeLabelValue, formatValue } from './exposition-format.js';
import { DROPPED_SERIES_METRIC, MetricsRegistry } from './metrics-registry.js';

describe('MetricsRegistry exposition', () => {
  it('renders counters, gauges, callback gauges and histograms in the text format 0.0.4', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('http_requests_total', 'Requests handled.', ['method', 'path']);
    const temperature = registry.gauge('room_temperature', 'Temperature.\nIn "C", a \\ b.', []);
    const queue = registry.callbackGauge('queue_depth', 'Queued items.', ['queue'], () => [
      { labels: ['usage'], value: 7 },
    ]);
    const latency = registry.histogram('latency_seconds', 'Latency.', ['route'], [0.125, 1]);

    requests.inc(['GET', '/a"b\\c\nd']);
    requests.inc(['GET', '/a"b\\c\nd'], 2);
    requests.inc(['POST', '/x']);
    temperature.set([], 21.5);
    latency.observe(['/x'], 0.0625);
    latency.observe(['/x'], 0.125); // an upper bound is inclusive
    latency.observe(['/x'], 3);
    expect(queue.name).toBe('queue_depth');

    expect(registry.render()).toBe(
      [
        '# HELP http_requests_total Requests handled.',
        '# TYPE http_requests_total counter',
        'http_requests_total{method="GET",path="/a\\"b\\\\c\\nd"} 3',
        'http_requests_total{method="POST",path="/x"} 1',
        '# HELP room_temperature Temperature.\\nIn "C", a \\\\ b.',
        '# TYPE room_temperature gauge',
        'room_temperature 21.5',
        '# HELP queue_depth Queued items.',
        '# TYPE queue_depth gauge',
        'queue_depth{queue="usage"} 7',
        '# HELP latency_seconds Latency.',
        '# TYPE latency_seconds histogram',
        'latency_seconds_bucket{route="/x",le="0.125"} 2',
        'latency_seconds_bucket{route="/x",le="1"} 2',
        'latency_seconds_bucket{route="/x",le="+Inf"} 3',
        'latency_seconds_sum{route="/x"} 3.1875',
        'latency_seconds_count{route="/x"} 3',
        '# HELP opt_metrics_dropped_series_total Label combinations refused because a metric reached its series limit.',
        '# TYPE opt_metrics_dropped_series_total counter',
        'opt_metrics_dropped_series_total{metric="http_requests_total"} 0',
        'opt_metrics_dropped_series_total{metric="queue_depth"} 0',
        'opt_metrics_dropped_series_total{metric="latency_seconds"} 0',
        '',
      ].join('\n'),
    );
  });

  it('shows metrics without labels at zero before their first event; labelled ones have no samples yet', () => {
    const registry = new MetricsRegistry();
    registry.counter('jobs_total', 'Jobs.', []);
    registry.histogram('job_seconds', 'Job time.', [], [1]);
    registry.counter('errors_total', 'Errors.', ['code']);
    registry.callbackGauge('depth', 'Depth.', []);
    const text = registry.render();
    expect(text).toContain('\njobs_total 0\n');
    expect(text).toContain('job_seconds_bucket{le="1"} 0\njob_seconds_bucket{le="+Inf"} 0\n');
    expect(text).toContain('job_seconds_sum 0\njob_seconds_count 0\n');
    expect(text).not.toMatch(/^errors_total/m);
    expect(text).toContain('# TYPE depth gauge\n#');
  });

  it('keeps counters monotonic and lets gauges move both ways', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('c_total', 'C.', ['k']);
    counter.inc(['a'], 5);
    counter.inc(['a'], -2);
    counter.inc(['a'], Number.NaN);
    expect(counter.get(['a'])).toBe(5);
    const gauge = registry.gauge('g', 'G.', ['k']);
    gauge.set(['a'], 3);
    gauge.inc(['a']);
    gauge.dec(['a'], 10);
    expect(gauge.get(['a'])).toBe(-6);
    expect(gauge.get(['never'])).toBe(0);
  });

  it('keeps series with three or more labels apart, in creation order', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('t_total', 'T.', ['a', 'b', 'c']);
    counter.inc(['x', 'y', 'z']);
    counter.inc(['x', 'y', 'w'], 2);
    counter.inc(['x', 'y', 'z'], 3);
    counter.inc(['x', 'yz', '']);
    expect(counter.get(['x', 'y', 'z'])).toBe(4);
    expect(
      registry
        .render()
        .split('\n')
        .filter((line) => line.startsWith('t_total')),
    ).toEqual([
      't_total{a="x",b="y",c="z"} 4',
      't_total{a="x",b="y",c="w"} 2',
      't_total{a="x",b="yz",c=""} 1',
    ]);
  });

  it('counts histogram observations per bucket, cumulatively, with sum and count', () => {
    const registry = new MetricsRegistry();
    const histogram = registry.histogram('h', 'H.', [], [1, 2, 4, Number.POSITIVE_INFINITY]);
    for (const value of [0, 1, 1.5, 2, 3, 100, Number.NaN]) histogram.observe([], value);
    const lines = registry.render().split('\n');
    expect(lines.filter((line) => line.startsWith('h_'))).toEqual([
      'h_bucket{le="1"} 2',
      'h_bucket{le="2"} 4',
      'h_bucket{le="4"} 5',
      'h_bucket{le="+Inf"} 6',
      'h_sum 107.5',
      'h_count 6',
    ]);
  });

  it('rejects invalid names, duplicate metrics, bad buckets and wrong label counts', () => {
    const registry = new MetricsRegistry();
    registry.counter('a_total', 'A.', ['x']);
    expect(() => registry.counter('a_total', 'A.', [])).toThrow(/already registered/);
    expect(() => registry.counter(DROPPED_SERIES_METRIC, 'D.', [])).toThrow(/already registered/);
    expect(() => registry.counter('bad-name', 'B.', [])).toThrow(/metric name/);
    expect(() => registry.counter('b_total', 'B.', ['__reserved'])).toThrow(/label name/);
    expect(() => registry.counter('c_total', 'C.', ['x', 'x'])).toThrow(/duplicate/);
    expect(() => registry.histogram('d', 'D.', ['le'], [1])).toThrow(/"le"/);
    expect(() => registry.histogram('e', 'E.', [], [2, 1])).toThrow(/increasing/);
    expect(() => registry.histogram('f', 'F.', [], [])).toThrow(/at least one/);
    expect(() => registry.histogram('f', 'F.', [], [1])).not.toThrow();
    expect(registry.render()).not.toContain('metric="d"');
    const counter = registry.counter('g_total', 'G.', ['x', 'y']);
    expect(() => counter.inc(['only-one'] as unknown as [string, string])).toThrow(/2 label values/);
  });
});

describe('series limit', () => {
  it('drops label combinations beyond the limit and counts them, while known series keep counting', () => {
    const registry = new MetricsRegistry({ maxSeriesPerMetric: 3 });
    const counter = registry.counter('requests_total', 'R.', ['model']);
    const histogram = registry.histogram('duration_seconds', 'D.', ['model'], [1]);
    for (let i = 0; i < 10; i++) {
      counter.inc([`model-${i}`]);
      histogram.observe([`model-${i}`], 0.5);
    }
    counter.inc(['model-0'], 4);
    const text = registry.render();
    expect(text.match(/^requests_total\{/gm)).toHaveLength(3);
    expect(text.match(/^duration_seconds_count\{/gm)).toHaveLength(3);
    expect(counter.get(['model-0'])).toBe(5);
    expect(counter.get(['model-9'])).toBe(0);
    expect(text).toContain(`${DROPPED_SERIES_METRIC}{metric="requests_total"} 7\n`);
    expect(text).toContain(`${DROPPED_SERIES_METRIC}{metric="duration_seconds"} 7\n`);
  });

  it('limits callback gauges per scrape and counts the rows left out', () => {
    const registry = new MetricsRegistry({ maxSeriesPerMetric: 2 });
    registry.callbackGauge('state', 'S.', ['target'], () =>
      ['a', 'b', 'c', 'd'].map((target) => ({ labels: [target] as const, value: 1 })),
    );
    const text = registry.render();
    expect(text.match(/^state\{/gm)).toHaveLength(2);
    expect(text).toContain(`${DROPPED_SERIES_METRIC}{metric="state"} 2\n`);
  });

  it('renders a callback gauge that throws without samples and reports the error', () => {
    const errors: string[] = [];
    const registry = new MetricsRegistry({ onCollectError: (metric) => errors.push(metric) });
    const gauge = registry.callbackGauge('broken', 'B.', []);
    gauge.setCollector(() => {
      throw new Error('boom');
    });
    registry.gauge('fine', 'F.', []).set([], 1);
    const text = registry.render();
    expect(text).toContain('# TYPE broken gauge\n# HELP fine F.\n# TYPE fine gauge\nfine 1\n');
    expect(errors).toEqual(['broken']);
  });
});

describe('text helpers', () => {
  it('escapes backslash, double quote and line feed in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd\te')).toBe('a\\\\b\\"c\\nd\te');
  });

  it('formats values the way Prometheus parses them', () => {
    expect(formatValue(1)).toBe('1');
    expect(formatValue(0.25)).toBe('0.25');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('+Inf');
    expect(formatValue(Number.NEGATIVE_INFINITY)).toBe('-Inf');
    expect(formatValue(Number.NaN)).toBe('NaN');
  });
});
