import type { ApiClient } from '../../api/client';
import { useApiQuery } from '../../api/use-api';
import { findRange, type RangeId } from '../logs/time-ranges';
import type { SummaryBucket, UsageSummary, UsageSummaryRow } from './usage-summary-types';

/** Chart resolution per range: about 24 to 170 points, never a one-point line. */
const BUCKETS: Record<RangeId, { bucket: Exclude<SummaryBucket, 'all'>; ms: number }> = {
  '1h': { bucket: 'minute', ms: 60_000 },
  '24h': { bucket: 'hour', ms: 3_600_000 },
  '7d': { bucket: 'hour', ms: 3_600_000 },
  '30d': { bucket: 'day', ms: 86_400_000 },
};

export interface RankedGroup {
  id: string | null;
  name: string;
  costMicros: number;
  requests: number;
}

export interface DashboardData {
  /** One row over the whole range (bucket=all, group_by=none): exact percentiles. */
  totals: UsageSummaryRow | null;
  /** One row per bucket over all groups, empty buckets filled with zeros (latencies stay missing). */
  series: UsageSummaryRow[];
  topModels: RankedGroup[];
  topKeys: RankedGroup[];
  topTeams: RankedGroup[];
}

const TOP = 6;

/** Loads everything the dashboard shows for a range; `refreshMs` re-reads it in place. */
export function useDashboardData(range: RangeId, refreshMs: number | undefined) {
  return useApiQuery((api, signal) => loadDashboard(api, range, signal), [range], { refreshMs });
}

async function loadDashboard(api: ApiClient, range: RangeId, signal: AbortSignal): Promise<DashboardData> {
  const preset = findRange(range);
  const { bucket, ms } = BUCKETS[range];
  const nowMs = Date.now();
  // The tiles and top lists cover exactly the range named; only the chart starts at a bucket boundary.
  const rangeFrom = new Date(nowMs - (preset?.ms ?? 0)).toISOString();
  const fromMs = Math.floor((nowMs - (preset?.ms ?? 0)) / ms) * ms;
  const summary = (from: string, query: Record<string, string>) =>
    api.get<UsageSummary>('/admin/usage/summary', { from, ...query }, signal);
  const [totals, series, models, keys, teams] = await Promise.all([
    summary(rangeFrom, { bucket: 'all', group_by: 'none' }),
    summary(new Date(fromMs).toISOString(), { bucket, group_by: 'none' }),
    summary(rangeFrom, { bucket: 'all', group_by: 'model' }),
    summary(rangeFrom, { bucket: 'all', group_by: 'key' }),
    summary(rangeFrom, { bucket: 'all', group_by: 'team' }),
  ]);
  return {
    totals: totals.data[0] ?? null,
    series: fillBuckets(series.data, fromMs, nowMs, ms),
    topModels: rank(models.data),
    topKeys: rank(keys.data),
    topTeams: rank(teams.data),
  };
}

function fillBuckets(rows: UsageSummaryRow[], fromMs: number, nowMs: number, stepMs: number) {
  const byStart = new Map(rows.map((row) => [Date.parse(row.bucket_start), row]));
  const filled: UsageSummaryRow[] = [];
  for (let start = fromMs; start <= nowMs; start += stepMs) {
    filled.push(byStart.get(start) ?? emptyRow(start));
  }
  return filled;
}

function emptyRow(startMs: number): UsageSummaryRow {
  return {
    bucket_start: new Date(startMs).toISOString(),
    group: null,
    group_name: null,
    requests: 0,
    errors: 0,
    error_rate: 0,
    prompt_tokens: 0,
    cached_tokens: 0,
    completion_tokens: 0,
    cost: '0',
    cost_micros: 0,
    latency_p50_ms: null,
    latency_p99_ms: null,
    ttft_p50_ms: null,
    ttft_p99_ms: null,
  };
}

/** Most expensive first (then busiest); records without a key or team are one unnamed group. */
function rank(rows: UsageSummaryRow[]): RankedGroup[] {
  return rows
    .map((row) => ({
      id: row.group,
      name: row.group_name ?? row.group ?? '',
      costMicros: row.cost_micros,
      requests: row.requests,
    }))
    .sort((left, right) => right.costMicros - left.costMicros || right.requests - left.requests)
    .slice(0, TOP);
}
