import type { Kysely } from 'kysely';
import { compareText } from './column-values.js';
import type { Database } from './database-schema.js';
import type { TeamMemberRow } from './store-types.js';
import { fromTeamMemberRow, toTeamMemberRow } from './team-row-mapping.js';

// Members are not read on the request path (no key cache field depends on them), so their changes
// leave keys_version alone.

/** Oldest first. */
export async function listTeamMembers(db: Kysely<Database>, teamId: string): Promise<TeamMemberRow[]> {
  const rows = await db.selectFrom('team_members').selectAll().where('team_id', '=', teamId).execute();
  // Sorted here rather than in SQL: PostgreSQL's collation may order text differently from SQLite's.
  return rows
    .map(toTeamMemberRow)
    .sort((left, right) => left.createdAtMs - right.createdAtMs || compareText(left.member, right.member));
}

/** Inserts the member, or changes the role of one already in the team (keeping when they joined). */
export async function upsertTeamMember(db: Kysely<Database>, row: TeamMemberRow): Promise<void> {
  await db
    .insertInto('team_members')
    .values(fromTeamMemberRow(row))
    .onConflict((conflict) =>
      conflict.columns(['team_id', 'member']).doUpdateSet((expression) => ({
        role: expression.ref('excluded.role'),
      })),
    )
    .execute();
}

export async function removeTeamMember(
  db: Kysely<Database>,
  teamId: string,
  member: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('team_members')
    .where('team_id', '=', teamId)
    .where('member', '=', member)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
