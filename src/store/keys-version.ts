import { type Kysely, sql } from 'kysely';
import { type Database, KEYS_VERSION_SETTING } from './database-schema.js';

/** Call inside the transaction of every key mutation so pollers never see the change without the bump. */
export async function bumpKeysVersion(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable('settings')
    .set({ value: sql<string>`cast(cast(value as bigint) + 1 as text)` })
    .where('name', '=', KEYS_VERSION_SETTING)
    .execute();
}

export async function getKeysVersion(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('name', '=', KEYS_VERSION_SETTING)
    .executeTakeFirst();
  return row === undefined ? 0 : Number(row.value);
}
