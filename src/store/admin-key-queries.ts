import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { bumpKeysVersion } from './keys-version.js';
import { fromAdminKeyRow, toAdminKeyRow } from './row-mapping.js';
import type { ListKeysOptions } from './store.js';
import type { AdminKeyRow } from './store-types.js';

/** Admin keys share keys_version with API keys: one poll refreshes both caches. */
export async function insertAdminKey(db: Kysely<Database>, row: AdminKeyRow): Promise<void> {
  await db.transaction().execute(async (transaction) => {
    await transaction.insertInto('admin_keys').values(fromAdminKeyRow(row)).execute();
    await bumpKeysVersion(transaction);
  });
}

export async function listAdminKeys(
  db: Kysely<Database>,
  options: ListKeysOptions = {},
): Promise<AdminKeyRow[]> {
  const rows = await db
    .selectFrom('admin_keys')
    .selectAll()
    .$if(options.includeRevoked !== true, (query) => query.where('revoked_at', 'is', null))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toAdminKeyRow);
}

export async function countAdminKeys(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('admin_keys')
    .select((expression) => expression.fn.countAll<number | string>().as('count'))
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** False when the admin key is unknown or already revoked. */
export async function revokeAdminKey(db: Kysely<Database>, id: string, atMs: number): Promise<boolean> {
  return db.transaction().execute(async (transaction) => {
    const result = await transaction
      .updateTable('admin_keys')
      .set({ revoked_at: atMs })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const changed = Number(result.numUpdatedRows) > 0;
    if (changed) await bumpKeysVersion(transaction);
    return changed;
  });
}
