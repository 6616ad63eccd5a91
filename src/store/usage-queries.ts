import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Database } from './database-schema.js';
import { fromUsageRecord, toUsageRecord } from './row-mapping.js';
import type { UsagePage, UsageQuery, UsageRecord } from './store-types.js';
import { decodeUsageCursor, encodeUsageCursor, type UsageCursor } from './usage-cursor.js';

// 200 rows × 21 columns = 4,200 bound values: under SQLite's 32,766 and PostgreSQL's 65,535 per statement.
const ROWS_PER_INSERT = 200;
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

/** One transaction; rows whose requestId already exists are skipped, so a retried batch never doubles. */
export async function appendUsageBatch(
  db: Kysely<Database>,
  records: readonly UsageRecord[],
): Promise<number> {
  if (records.length === 0) return 0;
  return db.transaction().execute(async (transaction) => {
    let inserted = 0;
    for (let start = 0; start < records.length; start += ROWS_PER_INSERT) {
      const rows = records.slice(start, start + ROWS_PER_INSERT).map(fromUsageRecord);
      const result = await transaction
        .insertInto('usage_records')
        .values(rows)
        .onConflict((conflict) => conflict.column('request_id').doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return inserted;
  });
}

export async function queryUsage(db: Kysely<Database>, query: UsageQuery): Promise<UsagePage> {
  const limit = clampPageSize(query.limit);
  const cursor = query.cursor === undefined ? null : decodeUsageCursor(query.cursor);
  const rows = await db
    .selectFrom('usage_records')
    .selectAll()
    .where((expression) => {
      const conditions = usageFilterConditions(expression, query);
      if (cursor !== null) conditions.push(isAfterCursor(expression, cursor));
      return expression.and(conditions);
    })
    .orderBy('created_at', 'desc')
    .orderBy('request_id', 'desc')
    // One extra row tells whether another page exists without a count query.
    .limit(limit + 1)
    .execute();
  const data = rows.slice(0, limit).map(toUsageRecord);
  const last = data.at(-1);
  const nextCursor =
    rows.length > limit && last !== undefined
      ? encodeUsageCursor({ createdAtMs: last.createdAtMs, requestId: last.requestId })
      : null;
  return { data, nextCursor };
}

export async function countUsage(db: Kysely<Database>, query: UsageQuery): Promise<number> {
  const row = await db
    .selectFrom('usage_records')
    .select((expression) => expression.fn.countAll<number | string>().as('count'))
    .where((expression) => expression.and(usageFilterConditions(expression, query)))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

type UsageExpressionBuilder = ExpressionBuilder<Database, 'usage_records'>;

function usageFilterConditions(expression: UsageExpressionBuilder, query: UsageQuery): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (query.keyId !== undefined) conditions.push(expression('key_id', '=', query.keyId));
  if (query.model !== undefined) conditions.push(expression('model', '=', query.model));
  if (query.channel !== undefined) conditions.push(expression('channel', '=', query.channel));
  if (query.status !== undefined) conditions.push(expression('status', '=', query.status));
  if (query.fromMs !== undefined) conditions.push(expression('created_at', '>=', query.fromMs));
  if (query.toMs !== undefined) conditions.push(expression('created_at', '<', query.toMs));
  return conditions;
}

/** Rows after the cursor in (created_at desc, request_id desc) order. */
function isAfterCursor(expression: UsageExpressionBuilder, cursor: UsageCursor): Expression<SqlBool> {
  return expression.or([
    expression('created_at', '<', cursor.createdAtMs),
    expression.and([
      expression('created_at', '=', cursor.createdAtMs),
      expression('request_id', '<', cursor.requestId),
    ]),
  ]);
}

function clampPageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}
