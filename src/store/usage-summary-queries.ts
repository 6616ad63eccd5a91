import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './database-schema.js';
import type { UsageGroup, UsageSummaryQuery, UsageSummaryRow } from './store-types.js';
import { usageFilterConditions } from './usage-filter.js';
import { BUCKET_MS, compareSummaryRows, emptySummaryRow } from './usage-summary.js';

const GROUP_COLUMNS = {
  model: sql<string | null>`model`,
  key: sql<string | null>`key_id`,
  team: sql<string | null>`team_id`,
  // One group for every record.
  none: sql<string | null>`NULL`,
} as const satisfies Record<UsageGroup, RawBuilder<string | null>>;

/** What a row of the summary statement is: a bucket's totals, or one ranked latency or TTFT. */
const KIND_TOTALS = 0;
const KIND_LATENCY = 1;
const KIND_TTFT = 2;

interface SummaryStatementRow {
  kind: number;
  bucket_start: number;
  group_value: string | null;
  requests: number | null;
  errors: number | null;
  prompt_tokens: number | null;
  cached_tokens: number | null;
  completion_tokens: number | null;
  cost_micros: number | null;
  rank_number: number | null;
  rank_count: number | null;
  value: number | null;
}

/**
 * Aggregates in SQL, one statement on both dialects, so only a few rows per bucket and group reach the process
 * instead of one JS object per record. The statement still reads and sorts every matching record (on SQLite,
 * synchronously on the event loop), so callers bound the range. Results equal `summarizeUsageSamples`, the
 * in-process reference the tests compare against. Percentiles are exact nearest-rank: window functions
 * number each group's values in order and only the rows at rank ceil(50n/100) and ceil(99n/100) come back,
 * computed in integer arithmetic as (p·n + 99) / 100, which is at least 1 since n is. Bucket starts use
 * integer division of bigint ms (equal to floor for the non-negative timestamps stored); SUMs are cast back
 * to bigint because PostgreSQL sums bigint into numeric, which pg returns as text.
 */
export async function summarizeUsage(
  db: Kysely<Database>,
  query: UsageSummaryQuery,
): Promise<UsageSummaryRow[]> {
  const bucketStart =
    query.bucket === 'all'
      ? sql<number>`0`
      : sql<number>`(created_at / ${sql.lit(BUCKET_MS[query.bucket])}) * ${sql.lit(BUCKET_MS[query.bucket])}`;
  const matching = db
    .selectFrom('usage_records')
    .select([
      bucketStart.as('bucket_start'),
      GROUP_COLUMNS[query.groupBy].as('group_value'),
      'status',
      'prompt_tokens',
      'cached_tokens',
      'completion_tokens',
      'cost_micros',
      'latency_ms',
      'ttft_ms',
    ])
    .where((expression) => expression.and(usageFilterConditions(expression, query.filter)));
  // Kysely parenthesises an embedded query itself. MATERIALIZED: read the records once, not once per use
  // (SQLite otherwise inlines the CTE into each of its three uses).
  const { rows } = await sql<SummaryStatementRow>`
    WITH matching AS MATERIALIZED ${matching},
    latency_ranks AS (
      SELECT bucket_start, group_value, latency_ms AS value,
        ROW_NUMBER() OVER ranked AS rank_number, COUNT(*) OVER ranked AS rank_count
      FROM matching
      WINDOW ranked AS (${rankedWindow('latency_ms')})
    ),
    ttft_ranks AS (
      SELECT bucket_start, group_value, ttft_ms AS value,
        ROW_NUMBER() OVER ranked AS rank_number, COUNT(*) OVER ranked AS rank_count
      FROM matching
      WHERE ttft_ms IS NOT NULL
      WINDOW ranked AS (${rankedWindow('ttft_ms')})
    )
    SELECT ${sql.lit(KIND_TOTALS)} AS kind, bucket_start, group_value,
      COUNT(*) AS requests,
      CAST(SUM(CASE WHEN status <> 'ok' THEN 1 ELSE 0 END) AS bigint) AS errors,
      CAST(SUM(prompt_tokens) AS bigint) AS prompt_tokens,
      CAST(SUM(cached_tokens) AS bigint) AS cached_tokens,
      CAST(SUM(completion_tokens) AS bigint) AS completion_tokens,
      CAST(SUM(cost_micros) AS bigint) AS cost_micros,
      NULL AS rank_number, NULL AS rank_count, NULL AS value
    FROM matching
    GROUP BY bucket_start, group_value
    UNION ALL
    SELECT ${sql.lit(KIND_LATENCY)}, bucket_start, group_value,
      NULL, NULL, NULL, NULL, NULL, NULL, rank_number, rank_count, value
    FROM latency_ranks
    WHERE rank_number = (50 * rank_count + 99) / 100 OR rank_number = (99 * rank_count + 99) / 100
    UNION ALL
    SELECT ${sql.lit(KIND_TTFT)}, bucket_start, group_value,
      NULL, NULL, NULL, NULL, NULL, NULL, rank_number, rank_count, value
    FROM ttft_ranks
    WHERE rank_number = (50 * rank_count + 99) / 100 OR rank_number = (99 * rank_count + 99) / 100
  `.execute(db);
  return assembleRows(rows, query.bucket === 'all' ? (query.filter.fromMs ?? 0) : null);
}

/**
 * Each group's values in order. The whole-partition frame lets COUNT share ROW_NUMBER's sort instead of
 * needing a second one.
 */
function rankedWindow(column: 'latency_ms' | 'ttft_ms'): RawBuilder<unknown> {
  return sql`PARTITION BY bucket_start, group_value ORDER BY ${sql.ref(column)}
    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING`;
}

/** `allStartMs`: where the single `all` bucket starts (the range's start); null for time buckets. */
function assembleRows(rows: SummaryStatementRow[], allStartMs: number | null): UsageSummaryRow[] {
  const summaries = new Map<string, UsageSummaryRow>();
  const summaryFor = (row: SummaryStatementRow) => {
    const bucketStartMs = allStartMs ?? Number(row.bucket_start);
    // The marker keeps a null group apart from a group named "null".
    const mapKey = `${bucketStartMs}|${row.group_value === null ? 'n' : `s${row.group_value}`}`;
    let summary = summaries.get(mapKey);
    if (summary === undefined) {
      summary = emptySummaryRow(bucketStartMs, row.group_value);
      summaries.set(mapKey, summary);
    }
    return summary;
  };
  for (const row of rows) {
    const summary = summaryFor(row);
    const kind = Number(row.kind);
    if (kind === KIND_TOTALS) {
      summary.requests = Number(row.requests);
      summary.errors = Number(row.errors);
      summary.promptTokens = Number(row.prompt_tokens);
      summary.cachedTokens = Number(row.cached_tokens);
      summary.completionTokens = Number(row.completion_tokens);
      summary.costMicros = Number(row.cost_micros);
      continue;
    }
    const rank = Number(row.rank_number);
    const count = Number(row.rank_count);
    const value = Number(row.value);
    // One row can be both ranks (n = 1).
    const isP50 = rank === Math.ceil((50 * count) / 100);
    const isP99 = rank === Math.ceil((99 * count) / 100);
    if (kind === KIND_LATENCY) {
      if (isP50) summary.latencyP50Ms = value;
      if (isP99) summary.latencyP99Ms = value;
    } else {
      if (isP50) summary.ttftP50Ms = value;
      if (isP99) summary.ttftP99Ms = value;
    }
  }
  return [...summaries.values()].sort(compareSummaryRows);
}
