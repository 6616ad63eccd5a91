import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { type KeysetPage, selectKeysetPage } from './keyset-page.js';
import { insertLedgerRows } from './ledger-queries.js';
import { fromLedgerEntry } from './ledger-row-mapping.js';
import { insertRequestBodiesRows } from './request-body-queries.js';
import { fromUsageRecord, toUsageRecord } from './row-mapping.js';
import type { UsageQuery, UsageRecord } from './store-types.js';
import { chargeEntryFor, requestBodiesRowFor } from './usage-companion-rows.js';
import { usageFilterConditions } from './usage-filter.js';

// 200 rows × 23 columns = 4,600 bound values: under SQLite's 32,766 and PostgreSQL's 65,535 per statement.
const ROWS_PER_INSERT = 200;

/**
 * The Kysely path (PostgreSQL; SQLite has a prepared-statement path). One transaction; rows whose
 * requestId already exists are skipped, so a retried batch never doubles. `RETURNING` names the rows that
 * were new: only those get their charge ledger entry and logged bodies.
 */
export async function appendUsageBatch(
  db: Kysely<Database>,
  records: readonly UsageRecord[],
): Promise<number> {
  if (records.length === 0) return 0;
  // The first of several records sharing a requestId is the one the insert keeps.
  const firstById = new Map<string, UsageRecord>();
  for (const record of records) if (!firstById.has(record.requestId)) firstById.set(record.requestId, record);
  return db.transaction().execute(async (transaction) => {
    const insertedIds: string[] = [];
    for (let start = 0; start < records.length; start += ROWS_PER_INSERT) {
      const rows = records.slice(start, start + ROWS_PER_INSERT).map(fromUsageRecord);
      const inserted = await transaction
        .insertInto('usage_records')
        .values(rows)
        .onConflict((conflict) => conflict.column('request_id').doNothing())
        .returning('request_id')
        .execute();
      for (const row of inserted) insertedIds.push(row.request_id);
    }
    const newRecords = insertedIds.map((id) => firstById.get(id)).filter((record) => record !== undefined);
    const charges = newRecords.map(chargeEntryFor).filter((entry) => entry !== null);
    await insertLedgerRows(transaction, charges.map(fromLedgerEntry));
    const bodies = newRecords.map(requestBodiesRowFor).filter((row) => row !== null);
    await insertRequestBodiesRows(transaction, bodies);
    return insertedIds.length;
  });
}

export function queryUsage(db: Kysely<Database>, query: UsageQuery): Promise<KeysetPage<UsageRecord>> {
  const rows = db
    .selectFrom('usage_records')
    .selectAll()
    .where((expression) => expression.and(usageFilterConditions(expression, query)));
  return selectKeysetPage(rows, query, {
    idColumn: 'request_id',
    toItem: toUsageRecord,
    idOf: (record) => record.requestId,
  });
}

export async function countUsage(db: Kysely<Database>, query: UsageQuery): Promise<number> {
  const row = await db
    .selectFrom('usage_records')
    .select((expression) => expression.fn.countAll<number | string>().as('count'))
    .where((expression) => expression.and(usageFilterConditions(expression, query)))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
