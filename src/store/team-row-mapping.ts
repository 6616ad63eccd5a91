import type { Insertable, Selectable } from 'kysely';
import { fromStringArray, readEnum, readStringArray } from './column-values.js';
import type { PricesTable, TeamMembersTable, TeamsTable } from './database-schema.js';
import { ROW_SOURCES } from './row-mapping.js';
import { fromSettings, toSettings } from './settings-columns.js';
import type { PriceRow, TeamMemberRole, TeamMemberRow, TeamRow } from './store-types.js';

const TEAM_MEMBER_ROLES: readonly TeamMemberRole[] = ['owner', 'member'];

export function toTeamRow(row: Selectable<TeamsTable>): TeamRow {
  return {
    id: row.id,
    name: row.name,
    models: readStringArray(row.models, 'teams.models'),
    ...toSettings(row, 'teams'),
    priceMultiplierPpm: row.price_multiplier_ppm,
    expiresAtMs: row.expires_at,
    source: readEnum(row.source, ROW_SOURCES, 'teams.source'),
    disabledAtMs: row.disabled_at,
    createdAtMs: row.created_at,
    updatedAtMs: row.updated_at,
    deletedAtMs: row.deleted_at,
  };
}

export function fromTeamRow(row: TeamRow): Insertable<TeamsTable> {
  return {
    id: row.id,
    source: row.source,
    created_at: row.createdAtMs,
    ...fromMutableTeamFields(row),
  };
}

/** The columns `updateTeam` replaces: everything but id, source and creation. */
export function fromMutableTeamFields(row: TeamRow) {
  return {
    name: row.name,
    models: fromStringArray(row.models),
    ...fromSettings(row),
    price_multiplier_ppm: row.priceMultiplierPpm,
    expires_at: row.expiresAtMs,
    disabled_at: row.disabledAtMs,
    updated_at: row.updatedAtMs,
    deleted_at: row.deletedAtMs,
  } satisfies Partial<Insertable<TeamsTable>>;
}

export function toTeamMemberRow(row: Selectable<TeamMembersTable>): TeamMemberRow {
  return {
    teamId: row.team_id,
    member: row.member,
    role: readEnum(row.role, TEAM_MEMBER_ROLES, 'team_members.role'),
    createdAtMs: row.created_at,
  };
}

export function fromTeamMemberRow(row: TeamMemberRow): Insertable<TeamMembersTable> {
  return { team_id: row.teamId, member: row.member, role: row.role, created_at: row.createdAtMs };
}

export function toPriceRow(row: Selectable<PricesTable>): PriceRow {
  return {
    model: row.model,
    inputMicros: row.input_micros,
    cachedInputMicros: row.cached_input_micros,
    outputMicros: row.output_micros,
    source: readEnum(row.source, ROW_SOURCES, 'prices.source'),
    updatedAtMs: row.updated_at,
  };
}

export function fromPriceRow(row: PriceRow): Insertable<PricesTable> {
  return {
    model: row.model,
    input_micros: row.inputMicros,
    cached_input_micros: row.cachedInputMicros,
    output_micros: row.outputMicros,
    source: row.source,
    updated_at: row.updatedAtMs,
  };
}
