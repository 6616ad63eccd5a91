import type { Kysely } from 'kysely';

// Written against Kysely<unknown> like 0001–0003: frozen in time.

/** Azure OpenAI channels' `api_version`; null for every other provider (and every channel before). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('channels').addColumn('api_version', 'text').execute();
}
