import { ConfigError } from '../config/config-error.js';
import type { TeamConfig } from '../config/config-types.js';
import type { Store } from '../store/store.js';
import type { TeamMemberRow, TeamRow } from '../store/store-types.js';
import { toMemberView, toTeamView } from './admin-views.js';
import { CONFIG_ACTOR, recordAudit } from './audit-recorder.js';
import { toCanonicalJson } from './canonical-json.js';
import { newId } from './new-id.js';

type TeamSettings = Pick<
  TeamRow,
  'models' | 'budget' | 'limits' | 'priceMultiplierPpm' | 'expiresAtMs' | 'promptLogging'
>;

export interface SyncedTeams {
  /** Config team name → team id, for the keys that name a team. */
  teamIds: Map<string, string>;
  /** Config-owned teams the config no longer declares; deleted once the keys have moved off them. */
  removed: TeamRow[];
}

/**
 * Creates or updates the teams the config declares (matched by name) and makes their members match.
 * Every change is audited with the actor `config`.
 */
export async function syncConfigTeams(
  store: Store,
  teams: readonly TeamConfig[],
  nowMs: number,
): Promise<SyncedTeams> {
  const current = (await store.listTeams()).filter((row) => row.source === 'config');
  const teamIds = new Map<string, string>();
  for (const team of teams) {
    const settings = pickTeamSettings(team);
    let row = current.find((candidate) => candidate.name === team.name);
    if (row) {
      if (toCanonicalJson(pickTeamSettings(row)) !== toCanonicalJson(settings)) {
        const next: TeamRow = { ...row, ...settings, updatedAtMs: nowMs };
        await store.updateTeam(next);
        await auditTeam(store, 'team.update', row, next, nowMs);
        row = next;
      }
    } else {
      if (await store.findTeamByName(team.name)) {
        throw new ConfigError(
          'config',
          `teams.${team.name}`,
          'a team of this name was created through the admin API; rename one of them or delete the other',
        );
      }
      row = {
        id: newId('team'),
        name: team.name,
        ...settings,
        source: 'config',
        disabledAtMs: null,
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
        deletedAtMs: null,
      };
      await store.insertTeam(row);
      await auditTeam(store, 'team.create', null, row, nowMs);
    }
    await syncMembers(store, row.id, team.members, nowMs);
    teamIds.set(team.name, row.id);
  }
  const declared = new Set(teams.map((team) => team.name));
  return { teamIds, removed: current.filter((row) => !declared.has(row.name)) };
}

/**
 * Soft-deletes teams removed from the config. Keys made through the admin API may still name such a team;
 * it is disabled as well, so those keys are refused rather than losing their team's limits.
 */
export async function deleteRemovedTeams(
  store: Store,
  removed: readonly TeamRow[],
  nowMs: number,
): Promise<void> {
  for (const row of removed) {
    const next: TeamRow = {
      ...row,
      disabledAtMs: row.disabledAtMs ?? nowMs,
      deletedAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    await store.updateTeam(next);
    await auditTeam(store, 'team.delete', row, next, nowMs);
  }
}

async function syncMembers(
  store: Store,
  teamId: string,
  members: TeamConfig['members'],
  nowMs: number,
): Promise<void> {
  const current = await store.listTeamMembers(teamId);
  const audit = (action: string, before: TeamMemberRow | null, after: TeamMemberRow | null) =>
    recordAudit(store, {
      actor: CONFIG_ACTOR,
      action,
      targetType: 'team',
      targetId: teamId,
      before: before && { team_id: teamId, ...toMemberView(before) },
      after: after && { team_id: teamId, ...toMemberView(after) },
      nowMs,
    });
  const wanted = new Set(members.map((item) => item.member));
  for (const row of current) {
    if (wanted.has(row.member)) continue;
    await store.removeTeamMember(teamId, row.member);
    await audit('member.delete', row, null);
  }
  for (const item of members) {
    const existing = current.find((row) => row.member === item.member);
    if (existing?.role === item.role) continue;
    const row: TeamMemberRow = { teamId, ...item, createdAtMs: existing?.createdAtMs ?? nowMs };
    await store.upsertTeamMember(row);
    await audit('member.put', existing ?? null, row);
  }
}

/** The settings of a config team or a team row, and nothing else, so the two compare as JSON. */
function pickTeamSettings(team: TeamSettings): TeamSettings {
  return {
    models: team.models,
    budget: team.budget,
    limits: team.limits,
    priceMultiplierPpm: team.priceMultiplierPpm,
    expiresAtMs: team.expiresAtMs,
    promptLogging: team.promptLogging,
  };
}

function auditTeam(store: Store, action: string, before: TeamRow | null, after: TeamRow, nowMs: number) {
  return recordAudit(store, {
    actor: CONFIG_ACTOR,
    action,
    targetType: 'team',
    targetId: after.id,
    before: before && toTeamView(before, nowMs),
    after: toTeamView(after, nowMs),
    nowMs,
  });
}
