import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type SqlBool,
  sql,
} from 'kysely';
import type { Database, LedgerEntriesTable } from './database-schema.js';
import { type KeysetPage, selectKeysetPage } from './keyset-page.js';
import { fromLedgerEntry, toLedgerEntry } from './ledger-row-mapping.js';
import type { LedgerEntry, LedgerQuery, LedgerTotals } from './store-types.js';

// 500 rows × 10 columns = 5,000 bound values, far under both dialects' per-statement limits.
const ROWS_PER_INSERT = 500;

/** One transaction; entries whose id exists are skipped. Returns how many were new. */
export async function appendLedgerEntries(
  db: Kysely<Database>,
  entries: readonly LedgerEntry[],
): Promise<number> {
  if (entries.length === 0) return 0;
  return db
    .transaction()
    .execute((transaction) => insertLedgerRows(transaction, entries.map(fromLedgerEntry)));
}

/** Inserts in the caller's transaction, skipping ids that exist; returns how many were new. */
export async function insertLedgerRows(
  db: Kysely<Database>,
  rows: readonly Insertable<LedgerEntriesTable>[],
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const result = await db
      .insertInto('ledger_entries')
      .values(rows.slice(start, start + ROWS_PER_INSERT))
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}

export function queryLedger(db: Kysely<Database>, query: LedgerQuery): Promise<KeysetPage<LedgerEntry>> {
  const rows = db
    .selectFrom('ledger_entries')
    .selectAll()
    .where((expression) => expression.and(ledgerFilterConditions(expression, query)));
  return selectKeysetPage(rows, query, { idColumn: 'id', toItem: toLedgerEntry, idOf: (entry) => entry.id });
}

export async function sumLedger(db: Kysely<Database>, query: LedgerQuery): Promise<LedgerTotals> {
  // PostgreSQL's sum() of bigint is numeric, which pg hands over as a string; SQLite's is an integer.
  // Both are null over no rows.
  const row = await db
    .selectFrom('ledger_entries')
    .select([
      sql<number | string | null>`sum(case when amount_micros > 0 then amount_micros else 0 end)`.as(
        'credits',
      ),
      sql<number | string | null>`sum(case when amount_micros < 0 then -amount_micros else 0 end)`.as(
        'debits',
      ),
      (expression) => expression.fn.countAll<number | string>().as('entries'),
    ])
    .where((expression) => expression.and(ledgerFilterConditions(expression, query)))
    .executeTakeFirstOrThrow();
  return {
    creditsMicros: Number(row.credits ?? 0),
    debitsMicros: Number(row.debits ?? 0),
    entries: Number(row.entries),
  };
}

function ledgerFilterConditions(
  expression: ExpressionBuilder<Database, 'ledger_entries'>,
  query: LedgerQuery,
): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (query.keyId !== undefined) conditions.push(expression('key_id', '=', query.keyId));
  if (query.teamId !== undefined) conditions.push(expression('team_id', '=', query.teamId));
  if (query.kind !== undefined) conditions.push(expression('kind', '=', query.kind));
  if (query.fromMs !== undefined) conditions.push(expression('created_at', '>=', query.fromMs));
  if (query.toMs !== undefined) conditions.push(expression('created_at', '<', query.toMs));
  return conditions;
}
