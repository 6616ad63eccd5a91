import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import type { UsageGroup, UsageSummaryQuery, UsageSummaryRow } from './store-types.js';
import { usageFilterConditions } from './usage-filter.js';
import { summarizeUsageSamples } from './usage-summary.js';

// `none` reads the model column too (any column does) and drops it below: one group for every record.
const GROUP_COLUMNS = {
  model: 'model',
  key: 'key_id',
  team: 'team_id',
  none: 'model',
} as const satisfies Record<UsageGroup, string>;

/**
 * Reads the few columns a summary needs of every matching record and aggregates them in process, so the
 * exact percentiles are the same on both dialects. Every matching record is read: callers bound the range.
 */
export async function summarizeUsage(
  db: Kysely<Database>,
  query: UsageSummaryQuery,
): Promise<UsageSummaryRow[]> {
  const groupColumn = GROUP_COLUMNS[query.groupBy];
  const rows = await db
    .selectFrom('usage_records')
    .select((expression) => [
      'created_at',
      expression.ref(groupColumn).as('group_value'),
      'status',
      'prompt_tokens',
      'cached_tokens',
      'completion_tokens',
      'cost_micros',
      'latency_ms',
      'ttft_ms',
    ])
    .where((expression) => expression.and(usageFilterConditions(expression, query.filter)))
    .execute();
  return summarizeUsageSamples(
    rows.map((row) => ({
      createdAtMs: row.created_at,
      group: query.groupBy === 'none' ? null : row.group_value,
      isError: row.status !== 'ok',
      promptTokens: row.prompt_tokens,
      cachedTokens: row.cached_tokens,
      completionTokens: row.completion_tokens,
      costMicros: row.cost_micros,
      latencyMs: row.latency_ms,
      ttftMs: row.ttft_ms,
    })),
    query.bucket,
    query.filter.fromMs ?? 0,
  );
}
