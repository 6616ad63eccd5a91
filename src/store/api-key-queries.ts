import type { Kysely } from 'kysely';
import { fromStringArray } from './column-values.js';
import type { Database } from './database-schema.js';
import { bumpKeysVersion } from './keys-version.js';
import { fromApiKeyRow, fromMutableApiKeyFields, toApiKeyRow } from './row-mapping.js';
import type { ListKeysOptions } from './store.js';
import type { ApiKeyRow } from './store-types.js';

// Each mutation writes its row before bumping keys_version. On SQLite the first statement of a deferred
// transaction being a write takes the write lock up front, so busy_timeout applies instead of SQLITE_BUSY.

export async function insertApiKey(db: Kysely<Database>, row: ApiKeyRow): Promise<void> {
  await db.transaction().execute(async (transaction) => {
    await transaction.insertInto('api_keys').values(fromApiKeyRow(row)).execute();
    await bumpKeysVersion(transaction);
  });
}

export async function listApiKeys(db: Kysely<Database>, options: ListKeysOptions = {}): Promise<ApiKeyRow[]> {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .$if(options.includeRevoked !== true, (query) => query.where('revoked_at', 'is', null))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toApiKeyRow);
}

export async function findApiKeyById(db: Kysely<Database>, id: string): Promise<ApiKeyRow | null> {
  const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toApiKeyRow(row);
}

export async function findApiKeyByName(db: Kysely<Database>, name: string): Promise<ApiKeyRow | null> {
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? null : toApiKeyRow(row);
}

export async function revokeApiKey(db: Kysely<Database>, id: string, atMs: number): Promise<boolean> {
  return db.transaction().execute(async (transaction) => {
    const result = await transaction
      .updateTable('api_keys')
      .set({ revoked_at: atMs })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await bumpKeysVersion(transaction);
    return true;
  });
}

export async function updateApiKeyModels(
  db: Kysely<Database>,
  id: string,
  models: string[] | null,
): Promise<boolean> {
  return db.transaction().execute(async (transaction) => {
    const result = await transaction
      .updateTable('api_keys')
      .set({ models: fromStringArray(models) })
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await bumpKeysVersion(transaction);
    return true;
  });
}

/** Replaces the mutable fields (see fromMutableApiKeyFields); revocation has its own call. */
export async function updateApiKey(db: Kysely<Database>, row: ApiKeyRow): Promise<boolean> {
  return db.transaction().execute(async (transaction) => {
    const result = await transaction
      .updateTable('api_keys')
      .set(fromMutableApiKeyFields(row))
      .where('id', '=', row.id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await bumpKeysVersion(transaction);
    return true;
  });
}
