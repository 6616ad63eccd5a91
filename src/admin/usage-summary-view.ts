import { formatMicros } from '../api/money.js';
import type { Store } from '../store/store.js';
import type { UsageSummaryQuery, UsageSummaryRow } from '../store/store-types.js';
import { toIsoTime } from './admin-views.js';
import { toCsvLine, toCsvLines } from './csv.js';

/**
 * `/admin/usage/summary`: the store's aggregates per bucket and group, with the group's display name
 * (key and team names; a model is its own name) and totals over every row.
 */
export async function summarizeUsageView(store: Store, query: UsageSummaryQuery, currency: string) {
  const rows = await store.summarizeUsage(query);
  const names = await groupNames(store, query);
  const data = rows.map((row) => toSummaryRowView(row, names));
  const totals = {
    requests: 0,
    errors: 0,
    prompt_tokens: 0,
    cached_tokens: 0,
    completion_tokens: 0,
    cost_micros: 0,
  };
  for (const row of rows) {
    totals.requests += row.requests;
    totals.errors += row.errors;
    totals.prompt_tokens += row.promptTokens;
    totals.cached_tokens += row.cachedTokens;
    totals.completion_tokens += row.completionTokens;
    totals.cost_micros += row.costMicros;
  }
  return {
    object: 'usage_summary' as const,
    bucket: query.bucket,
    group_by: query.groupBy,
    currency,
    data,
    totals: {
      ...totals,
      error_rate: errorRate(totals.errors, totals.requests),
      cost: formatMicros(totals.cost_micros),
    },
  };
}

type SummaryRowView = ReturnType<typeof toSummaryRowView>;

const SUMMARY_CSV_COLUMNS: (keyof SummaryRowView & string)[] = [
  'bucket_start',
  'group',
  'group_name',
  'requests',
  'errors',
  'error_rate',
  'prompt_tokens',
  'cached_tokens',
  'completion_tokens',
  'cost',
  'cost_micros',
  'latency_p50_ms',
  'latency_p99_ms',
  'ttft_p50_ms',
  'ttft_p99_ms',
];

/** The summary rows as CSV (header first); the totals are left out, a spreadsheet sums them itself. */
export function toSummaryCsv(rows: readonly SummaryRowView[]): string {
  return toCsvLine(SUMMARY_CSV_COLUMNS) + toCsvLines(SUMMARY_CSV_COLUMNS, rows);
}

function toSummaryRowView(row: UsageSummaryRow, names: ReadonlyMap<string, string> | null) {
  return {
    bucket_start: toIsoTime(row.bucketStartMs),
    group: row.group,
    group_name: row.group === null ? null : names ? (names.get(row.group) ?? null) : row.group,
    requests: row.requests,
    errors: row.errors,
    error_rate: errorRate(row.errors, row.requests),
    prompt_tokens: row.promptTokens,
    cached_tokens: row.cachedTokens,
    completion_tokens: row.completionTokens,
    cost: formatMicros(row.costMicros),
    cost_micros: row.costMicros,
    latency_p50_ms: row.latencyP50Ms,
    latency_p99_ms: row.latencyP99Ms,
    ttft_p50_ms: row.ttftP50Ms,
    ttft_p99_ms: row.ttftP99Ms,
  };
}

/** Four decimals: 0.0123 = 1.23%. */
function errorRate(errors: number, requests: number): number {
  return requests === 0 ? 0 : Math.round((errors / requests) * 10_000) / 10_000;
}

/** Key or team names by id (thousands at most, one query); null for models, which are their own name. */
async function groupNames(store: Store, query: UsageSummaryQuery): Promise<Map<string, string> | null> {
  if (query.groupBy === 'key') {
    const keys = await store.listApiKeys({ includeRevoked: true });
    return new Map(keys.map((key) => [key.id, key.name]));
  }
  if (query.groupBy === 'team') {
    const teams = await store.listTeams({ includeDeleted: true });
    return new Map(teams.map((team) => [team.id, team.name]));
  }
  return null;
}
