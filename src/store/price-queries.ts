import type { Kysely } from 'kysely';
import { compareText } from './column-values.js';
import type { Database } from './database-schema.js';
import { bumpKeysVersion } from './keys-version.js';
import type { PriceRow } from './store-types.js';
import { fromPriceRow, toPriceRow } from './team-row-mapping.js';

// Prices feed the in-memory cost snapshot, refreshed with the key cache: every change bumps keys_version
// after its own write (see the SQLite write-lock note in api-key-queries.ts).

/** Sorted by model id. */
export async function listPrices(db: Kysely<Database>): Promise<PriceRow[]> {
  const rows = await db.selectFrom('prices').selectAll().execute();
  // Sorted here rather than in SQL: PostgreSQL's collation may order text differently from SQLite's.
  return rows.map(toPriceRow).sort((left, right) => compareText(left.model, right.model));
}

export async function upsertPrice(db: Kysely<Database>, row: PriceRow): Promise<void> {
  await db.transaction().execute(async (transaction) => {
    await transaction
      .insertInto('prices')
      .values(fromPriceRow(row))
      .onConflict((conflict) =>
        conflict.column('model').doUpdateSet((expression) => ({
          input_micros: expression.ref('excluded.input_micros'),
          cached_input_micros: expression.ref('excluded.cached_input_micros'),
          output_micros: expression.ref('excluded.output_micros'),
          source: expression.ref('excluded.source'),
          updated_at: expression.ref('excluded.updated_at'),
        })),
      )
      .execute();
    await bumpKeysVersion(transaction);
  });
}

/** False when the model had no price. */
export async function deletePrice(db: Kysely<Database>, model: string): Promise<boolean> {
  return db.transaction().execute(async (transaction) => {
    const result = await transaction.deleteFrom('prices').where('model', '=', model).executeTakeFirst();
    if (result.numDeletedRows === 0n) return false;
    await bumpKeysVersion(transaction);
    return true;
  });
}
