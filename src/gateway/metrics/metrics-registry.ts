/**
 * A small Prometheus registry: counters, gauges (set, or read from a callback at scrape time) and
 * histograms with fixed buckets, rendered in the text exposition format 0.0.4.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 *
 * Label values are positional (in the order of the metric's label names) and a series is found with
 * one Map lookup per label, so `inc`/`observe` build no strings and cost a few lookups plus arithmetic;
 * the escaped label text is built once, when a series is created. Each metric holds at most `maxSeriesPerMetric`
 * series: new label combinations beyond that are dropped and counted, so label values that come from
 * clients (model names) cannot grow memory without bound.
 */

import { braced, formatValue, labelPairs, renderHeader, renderSimple } from './exposition-format.js';

/** Label values in the order of the metric's label names; the tuple length is checked by the compiler. */
export type LabelValues<L extends readonly string[]> = { readonly [K in keyof L]: string };

export interface GaugeSample<L extends readonly string[]> {
  labels: LabelValues<L>;
  value: number;
}

export interface MetricsRegistryOptions {
  /** Series one metric may hold; further label combinations are dropped. Default 2,000. */
  maxSeriesPerMetric?: number;
  /** Called when a callback gauge throws at scrape time; that gauge is rendered without samples. */
  onCollectError?: (metric: string, error: unknown) => void;
}

export const DROPPED_SERIES_METRIC = 'opt_metrics_dropped_series_total';
const DEFAULT_MAX_SERIES = 2_000;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

interface Renderable {
  readonly name: string;
  readonly labelNames: readonly string[];
  render(lines: string[]): void;
}

export class MetricsRegistry {
  readonly #metrics: Renderable[] = [];
  readonly #names = new Set<string>();
  readonly #maxSeries: number;
  readonly #onCollectError: (metric: string, error: unknown) => void;
  readonly #dropped: Counter<readonly ['metric']>;

  constructor(options: MetricsRegistryOptions = {}) {
    this.#maxSeries = options.maxSeriesPerMetric ?? DEFAULT_MAX_SERIES;
    if (!Number.isInteger(this.#maxSeries) || this.#maxSeries < 1) {
      throw new Error('maxSeriesPerMetric must be a positive integer');
    }
    this.#onCollectError = options.onCollectError ?? (() => {});
    // One series per labelled metric, so its own cardinality is bounded by the code, not by traffic.
    this.#dropped = new Counter(
      DROPPED_SERIES_METRIC,
      'Label combinations refused because a metric reached its series limit.',
      ['metric'] as const,
      { maxSeries: Number.POSITIVE_INFINITY, onDrop: () => {} },
    );
    this.#names.add(DROPPED_SERIES_METRIC);
  }

  counter<const L extends readonly string[]>(name: string, help: string, labelNames: L): Counter<L> {
    return this.#add(new Counter(name, help, labelNames, this.#limits(name, labelNames)));
  }

  gauge<const L extends readonly string[]>(name: string, help: string, labelNames: L): Gauge<L> {
    return this.#add(new Gauge(name, help, labelNames, this.#limits(name, labelNames)));
  }

  /** A gauge whose samples are read from `collect` at each scrape (queue depths, breaker states). */
  callbackGauge<const L extends readonly string[]>(
    name: string,
    help: string,
    labelNames: L,
    collect: (() => Iterable<GaugeSample<L>>) | null = null,
  ): CallbackGauge<L> {
    const gauge = new CallbackGauge(
      name,
      help,
      labelNames,
      this.#limits(name, labelNames),
      this.#onCollectError,
    );
    if (collect) gauge.setCollector(collect);
    return this.#add(gauge);
  }

  /** `buckets` are upper bounds in increasing order; `+Inf` is implied. */
  histogram<const L extends readonly string[]>(
    name: string,
    help: string,
    labelNames: L,
    buckets: readonly number[],
  ): Histogram<L> {
    return this.#add(new Histogram(name, help, labelNames, buckets, this.#limits(name, labelNames)));
  }

  /** Every metric in registration order, then the dropped-series counter. */
  render(): string {
    const lines: string[] = [];
    for (const metric of this.#metrics) metric.render(lines);
    this.#dropped.render(lines);
    lines.push('');
    return lines.join('\n');
  }

  #limits(name: string, labelNames: readonly string[]): SeriesLimits {
    if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name: ${name}`);
    if (this.#names.has(name)) throw new Error(`metric already registered: ${name}`);
    for (const label of labelNames) {
      if (!LABEL_NAME.test(label) || label.startsWith('__')) throw new Error(`invalid label name: ${label}`);
    }
    if (new Set(labelNames).size !== labelNames.length) throw new Error(`duplicate label names on ${name}`);
    if (labelNames.length === 0) return { maxSeries: 1, onDrop: () => {} };
    const dropped = this.#dropped;
    return { maxSeries: this.#maxSeries, onDrop: (count) => dropped.inc([name], count) };
  }

  /** Registers a metric once it was built (a bad bucket list throws before the name is taken). */
  #add<M extends Renderable & { initialize?(): void }>(metric: M): M {
    this.#names.add(metric.name);
    if (metric.labelNames.length > 0) this.#dropped.inc([metric.name], 0);
    metric.initialize?.();
    this.#metrics.push(metric);
    return metric;
  }
}

interface SeriesLimits {
  maxSeries: number;
  onDrop: (count: number) => void;
}

/**
 * The part shared by the metrics that keep their series. Series are found through one Map level per
 * label, so a lookup builds no strings; the levels are bounded by the series limit like the series.
 */
abstract class StoredMetric<L extends readonly string[], S extends { pairs: string }> implements Renderable {
  /** Every series in creation order, for rendering. */
  protected readonly series: S[] = [];
  readonly #root = new Map<string, unknown>();
  #unlabelled: S | undefined;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: L,
    private readonly limits: SeriesLimits,
  ) {}

  abstract render(lines: string[]): void;

  /** A zeroed series whose rendered label text is `pairs`. */
  protected abstract newSeries(pairs: string): S;

  /** Called once registered: a metric without labels shows its zero value before the first event. */
  initialize(): void {
    if (this.labelNames.length === 0) this.seriesFor([] as unknown as LabelValues<L>);
  }

  /** The series for these label values, created on first use; undefined when over the series limit. */
  protected seriesFor(labels: LabelValues<L>): S | undefined {
    return this.find(labels) ?? this.#admit(labels);
  }

  /** The series for these label values if it exists. */
  protected find(labels: LabelValues<L>): S | undefined {
    const depth = this.labelNames.length;
    if (labels.length !== depth) {
      throw new Error(`${this.name} takes ${depth} label values, got ${labels.length}`);
    }
    // One and two labels are most metrics; they skip the loop.
    if (depth === 1) return this.#root.get(labels[0]!) as S | undefined;
    if (depth === 2) {
      const level = this.#root.get(labels[0]!) as Map<string, unknown> | undefined;
      return level === undefined ? undefined : (level.get(labels[1]!) as S | undefined);
    }
    if (depth === 0) return this.#unlabelled;
    let node = this.#root;
    for (let i = 0; i < depth - 1; i++) {
      const next = node.get(labels[i]!) as Map<string, unknown> | undefined;
      if (next === undefined) return undefined;
      node = next;
    }
    return node.get(labels[depth - 1]!) as S | undefined;
  }

  #admit(labels: readonly string[]): S | undefined {
    if (this.series.length >= this.limits.maxSeries) {
      this.limits.onDrop(1);
      return undefined;
    }
    const series = this.newSeries(labelPairs(this.labelNames, labels));
    this.series.push(series);
    if (labels.length === 0) {
      this.#unlabelled = series;
      return series;
    }
    let node = this.#root;
    for (let i = 0; i < labels.length - 1; i++) {
      let next = node.get(labels[i]!) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(labels[i]!, next);
      }
      node = next;
    }
    node.set(labels[labels.length - 1]!, series);
    return series;
  }
}

interface ValueSeries {
  pairs: string;
  value: number;
}

export class Counter<L extends readonly string[]> extends StoredMetric<L, ValueSeries> {
  /** Adds `value` (default 1); negative or NaN values are ignored, since a counter only goes up. */
  inc(labels: LabelValues<L>, value = 1): void {
    if (!(value >= 0)) return;
    const series = this.seriesFor(labels);
    if (series) series.value += value;
  }

  /** The current value, for tests and diagnostics; 0 for a series never seen. */
  get(labels: LabelValues<L>): number {
    return this.find(labels)?.value ?? 0;
  }

  protected newSeries(pairs: string): ValueSeries {
    return { pairs, value: 0 };
  }

  render(lines: string[]): void {
    renderSimple(lines, this.name, this.help, 'counter', this.series);
  }
}

export class Gauge<L extends readonly string[]> extends StoredMetric<L, ValueSeries> {
  set(labels: LabelValues<L>, value: number): void {
    const series = this.seriesFor(labels);
    if (series) series.value = value;
  }

  inc(labels: LabelValues<L>, value = 1): void {
    const series = this.seriesFor(labels);
    if (series) series.value += value;
  }

  dec(labels: LabelValues<L>, value = 1): void {
    this.inc(labels, -value);
  }

  get(labels: LabelValues<L>): number {
    return this.find(labels)?.value ?? 0;
  }

  protected newSeries(pairs: string): ValueSeries {
    return { pairs, value: 0 };
  }

  render(lines: string[]): void {
    renderSimple(lines, this.name, this.help, 'gauge', this.series);
  }
}

interface HistogramSeries {
  pairs: string;
  /** Observations per bucket, not cumulative; the last slot is the `+Inf` bucket. */
  counts: Float64Array;
  sum: number;
  count: number;
}

export class Histogram<L extends readonly string[]> extends StoredMetric<L, HistogramSeries> {
  readonly buckets: readonly number[];
  readonly #leText: string[];

  constructor(name: string, help: string, labelNames: L, buckets: readonly number[], limits: SeriesLimits) {
    if (labelNames.includes('le')) throw new Error(`${name}: a histogram cannot have an "le" label`);
    const bounds = buckets.filter((bound) => bound !== Number.POSITIVE_INFINITY);
    if (bounds.length === 0) throw new Error(`${name}: a histogram needs at least one bucket`);
    for (let i = 0; i < bounds.length; i++) {
      const bound = bounds[i]!;
      if (!Number.isFinite(bound) || (i > 0 && bound <= bounds[i - 1]!)) {
        throw new Error(`${name}: buckets must be finite and strictly increasing`);
      }
    }
    super(name, help, labelNames, limits);
    this.buckets = bounds;
    this.#leText = [...bounds.map(formatValue), '+Inf'];
  }

  /** Records one observation; NaN is ignored. */
  observe(labels: LabelValues<L>, value: number): void {
    if (Number.isNaN(value)) return;
    const series = this.seriesFor(labels);
    if (!series) return;
    const bounds = this.buckets;
    let index = 0;
    while (index < bounds.length && value > bounds[index]!) index++;
    series.counts[index]! += 1;
    series.sum += value;
    series.count += 1;
  }

  protected newSeries(pairs: string): HistogramSeries {
    return { pairs, counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 };
  }

  render(lines: string[]): void {
    renderHeader(lines, this.name, this.help, 'histogram');
    const le = this.#leText;
    for (const series of this.series) {
      const prefix = series.pairs === '' ? '{le="' : `{${series.pairs},le="`;
      let cumulative = 0;
      for (let i = 0; i < le.length; i++) {
        cumulative += series.counts[i]!;
        lines.push(`${this.name}_bucket${prefix}${le[i]}"} ${formatValue(cumulative)}`);
      }
      const labels = braced(series.pairs);
      lines.push(`${this.name}_sum${labels} ${formatValue(series.sum)}`);
      lines.push(`${this.name}_count${labels} ${formatValue(series.count)}`);
    }
  }
}

export class CallbackGauge<L extends readonly string[]> implements Renderable {
  #collect: (() => Iterable<GaugeSample<L>>) | null = null;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: L,
    private readonly limits: SeriesLimits,
    private readonly onError: (metric: string, error: unknown) => void,
  ) {}

  /** Replaces the function read at scrape time; until one is set the gauge has no samples. */
  setCollector(collect: () => Iterable<GaugeSample<L>>): void {
    this.#collect = collect;
  }

  render(lines: string[]): void {
    renderHeader(lines, this.name, this.help, 'gauge');
    if (this.#collect === null) return;
    const samples: string[] = [];
    let dropped = 0;
    try {
      for (const sample of this.#collect()) {
        if (sample.labels.length !== this.labelNames.length) continue;
        if (samples.length >= this.limits.maxSeries) {
          dropped++;
          continue;
        }
        const labels = braced(labelPairs(this.labelNames, sample.labels));
        samples.push(`${this.name}${labels} ${formatValue(sample.value)}`);
      }
    } catch (error) {
      this.onError(this.name, error);
      return;
    }
    // Rows over the limit are omitted from this scrape and counted each time they are.
    if (dropped > 0) this.limits.onDrop(dropped);
    for (const sample of samples) lines.push(sample);
  }
}
