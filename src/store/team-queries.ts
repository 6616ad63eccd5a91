import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { bumpKeysVersion } from './keys-version.js';
import type { TeamRow } from './store-types.js';
import { fromMutableTeamFields, fromTeamRow, toTeamRow } from './team-row-mapping.js';

// Teams carry settings the key cache applies (budget, limits, models), so every mutation bumps
// keys_version, after its own write (see the SQLite write-lock note in api-key-queries.ts).

export async function insertTeam(db: Kysely<Database>, row: TeamRow): Promise<void> {
  await db.transaction().execute(async (transaction) => {
    await transaction.insertInto('teams').values(fromTeamRow(row)).execute();
    await bumpKeysVersion(transaction);
  });
}

/** Replaces every field but id, source and createdAtMs (soft delete included). False when unknown. */
export async function updateTeam(db: Kysely<Database>, row: TeamRow): Promise<boolean> {
  return db.transaction().execute(async (transaction) => {
    const result = await transaction
      .updateTable('teams')
      .set(fromMutableTeamFields(row))
      .where('id', '=', row.id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await bumpKeysVersion(transaction);
    return true;
  });
}

export async function findTeamById(db: Kysely<Database>, id: string): Promise<TeamRow | null> {
  const row = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toTeamRow(row);
}

/** The live team with this name (the newest, should several share it). */
export async function findTeamByName(db: Kysely<Database>, name: string): Promise<TeamRow | null> {
  const row = await db
    .selectFrom('teams')
    .selectAll()
    .where('name', '=', name)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? null : toTeamRow(row);
}

export async function listTeams(
  db: Kysely<Database>,
  options: { includeDeleted?: boolean } = {},
): Promise<TeamRow[]> {
  const rows = await db
    .selectFrom('teams')
    .selectAll()
    .$if(options.includeDeleted !== true, (query) => query.where('deleted_at', 'is', null))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toTeamRow);
}
