import { compareText } from './column-values.js';
import type { UsageBucket, UsageSummaryRow } from './store-types.js';

/** What the summary needs of one usage record (for the in-process reference summary). */
export interface UsageSample {
  createdAtMs: number;
  group: string | null;
  isError: boolean;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  costMicros: number;
  latencyMs: number;
  ttftMs: number | null;
}

/** The length of each time bucket; Unix-epoch buckets are UTC minutes, hours and days. */
export const BUCKET_MS: Record<Exclude<UsageBucket, 'all'>, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

interface Accumulator {
  row: UsageSummaryRow;
  latencies: number[];
  ttfts: number[];
}

/**
 * The in-process reference for the SQL summary (`summarizeUsage` in usage-summary-queries.ts), which must
 * give the same rows: tests compare the two on random data. Aggregates in one pass per sample, then sorts
 * each group's latencies once.
 */
export function summarizeUsageSamples(
  samples: Iterable<UsageSample>,
  bucket: UsageBucket,
  /** Where the single `all` bucket starts (the range's start). */
  allStartMs = 0,
): UsageSummaryRow[] {
  const bucketStart =
    bucket === 'all'
      ? () => allStartMs
      : (createdAtMs: number) => Math.floor(createdAtMs / BUCKET_MS[bucket]) * BUCKET_MS[bucket];
  const groups = new Map<string, Accumulator>();
  for (const sample of samples) {
    const bucketStartMs = bucketStart(sample.createdAtMs);
    // The marker keeps a null group apart from a group named "null".
    const mapKey = `${bucketStartMs}|${sample.group === null ? 'n' : `s${sample.group}`}`;
    let accumulator = groups.get(mapKey);
    if (accumulator === undefined) {
      accumulator = { row: emptySummaryRow(bucketStartMs, sample.group), latencies: [], ttfts: [] };
      groups.set(mapKey, accumulator);
    }
    const { row } = accumulator;
    row.requests += 1;
    if (sample.isError) row.errors += 1;
    row.promptTokens += sample.promptTokens;
    row.cachedTokens += sample.cachedTokens;
    row.completionTokens += sample.completionTokens;
    row.costMicros += sample.costMicros;
    accumulator.latencies.push(sample.latencyMs);
    if (sample.ttftMs !== null) accumulator.ttfts.push(sample.ttftMs);
  }
  const rows = [...groups.values()].map(({ row, latencies, ttfts }) => {
    const sortedLatencies = Float64Array.from(latencies).sort();
    const sortedTtfts = Float64Array.from(ttfts).sort();
    row.latencyP50Ms = nearestRankPercentile(sortedLatencies, 50);
    row.latencyP99Ms = nearestRankPercentile(sortedLatencies, 99);
    row.ttftP50Ms = nearestRankPercentile(sortedTtfts, 50);
    row.ttftP99Ms = nearestRankPercentile(sortedTtfts, 99);
    return row;
  });
  return rows.sort(compareSummaryRows);
}

/** The smallest value with at least `percent`% of the values at or below it; null for no values. */
export function nearestRankPercentile(sorted: ArrayLike<number>, percent: number): number | null {
  if (sorted.length === 0) return null;
  // Integer arithmetic first: 0.99 * 100 style products can land a hair above an integer and round up.
  const rank = Math.max(1, Math.ceil((percent * sorted.length) / 100));
  return sorted[rank - 1] ?? null;
}

/** Summary order: by bucket, then group. */
export function compareSummaryRows(left: UsageSummaryRow, right: UsageSummaryRow): number {
  return left.bucketStartMs - right.bucketStartMs || compareGroups(left, right);
}

/** Named groups in code-unit order, the null group (no key or team) last. */
function compareGroups(left: UsageSummaryRow, right: UsageSummaryRow): number {
  if (left.group === right.group) return 0;
  if (left.group === null) return 1;
  if (right.group === null) return -1;
  return compareText(left.group, right.group);
}

export function emptySummaryRow(bucketStartMs: number, group: string | null): UsageSummaryRow {
  return {
    bucketStartMs,
    group,
    requests: 0,
    errors: 0,
    promptTokens: 0,
    cachedTokens: 0,
    completionTokens: 0,
    costMicros: 0,
    latencyP50Ms: null,
    latencyP99Ms: null,
    ttftP50Ms: null,
    ttftP99Ms: null,
  };
}
