import type { Insertable, Kysely } from 'kysely';
import type { Database, RequestBodiesTable } from './database-schema.js';

// Bodies can be large: 50 rows a statement keeps one statement's text to tens of megabytes at most.
const ROWS_PER_INSERT = 50;

/** Inserts in the caller's transaction; a request's bodies are written once (later ones are skipped). */
export async function insertRequestBodiesRows(
  db: Kysely<Database>,
  rows: readonly Insertable<RequestBodiesTable>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await db
      .insertInto('request_bodies')
      .values(rows.slice(start, start + ROWS_PER_INSERT))
      .onConflict((conflict) => conflict.column('request_id').doNothing())
      .execute();
  }
}

export async function findRequestBodies(
  db: Kysely<Database>,
  requestId: string,
): Promise<{ request: string; response: string } | null> {
  const row = await db
    .selectFrom('request_bodies')
    .select(['request_body', 'response_body'])
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  return row === undefined ? null : { request: row.request_body, response: row.response_body };
}

/** Deletes bodies whose retention ended before `nowMs`; returns how many. */
export async function purgeRequestBodies(db: Kysely<Database>, nowMs: number): Promise<number> {
  const result = await db.deleteFrom('request_bodies').where('expires_at', '<', nowMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}
