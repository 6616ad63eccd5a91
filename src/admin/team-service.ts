import { GatewayError, InvalidRequestError } from '../api/gateway-error.js';
import type { Store } from '../store/store.js';
import type { LimitSettings, TeamMemberRow, TeamRow } from '../store/store-types.js';
import {
  assertApiOwned,
  checkModelsWithinTeam,
  checkServedModels,
  requireLiveTeam,
  requireTeam,
} from './admin-lookups.js';
import type { AdminRuntime } from './admin-runtime.js';
import { type MemberView, type TeamView, toMemberView, toTeamView } from './admin-views.js';
import { type AdminActor, type AdminChangeRecorder, adminChangeRecorder } from './audit-recorder.js';
import { readBody, readMember, readRole } from './json-input-fields.js';
import { type Page, type PageRequest, pageByCreation } from './list-paging.js';
import { newId } from './new-id.js';
import { applyBudgetPatch, applyLimitsPatch, type MemberInput, parseTeamBody } from './tenancy-input.js';

export interface TeamListQuery {
  /** Case-insensitive substring of the name. */
  search?: string;
  includeDeleted?: boolean;
  page: PageRequest;
}

const NO_LIMITS: LimitSettings = { rpm: null, tpm: null, concurrency: null };

/** Creates, changes and (soft) deletes teams and their members; every change is audited. */
export class TeamService {
  private readonly audit: AdminChangeRecorder;

  constructor(
    private readonly store: Store,
    private readonly runtime: AdminRuntime,
  ) {
    this.audit = adminChangeRecorder(store, runtime, 'team');
  }

  async create(body: unknown, actor: AdminActor, nowMs: number): Promise<TeamView> {
    const patch = parseTeamBody(body);
    if (patch.name === undefined) throw new InvalidRequestError('`name` is required.', 'name');
    await this.assertNameFree(patch.name, null);
    checkServedModels(patch.models ?? null, this.runtime.knownModels());
    const row: TeamRow = {
      id: newId('team'),
      name: patch.name,
      models: patch.models ?? null,
      budget: applyBudgetPatch(null, patch.budget),
      limits: applyLimitsPatch(NO_LIMITS, patch.limits),
      priceMultiplierPpm: patch.priceMultiplierPpm ?? 1_000_000,
      expiresAtMs: patch.expiresAtMs ?? null,
      promptLogging: patch.promptLogging ?? null,
      source: 'api',
      disabledAtMs: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
      deletedAtMs: null,
    };
    await this.store.insertTeam(row);
    await this.replaceMembers(row.id, [], patch.members ?? [], nowMs);
    const view = toTeamView(row, nowMs, await this.store.listTeamMembers(row.id));
    await this.audit(actor, 'team.create', row.id, null, view, nowMs);
    return view;
  }

  async list(query: TeamListQuery, nowMs: number): Promise<Page<TeamView>> {
    let rows = await this.store.listTeams({ includeDeleted: query.includeDeleted === true });
    const search = query.search?.toLowerCase();
    if (search) rows = rows.filter((row) => row.name.toLowerCase().includes(search));
    const page = pageByCreation(rows, query.page);
    return { data: page.data.map((row) => toTeamView(row, nowMs)), nextCursor: page.nextCursor };
  }

  async get(id: string, nowMs: number): Promise<TeamView> {
    const row = await requireTeam(this.store, id);
    return toTeamView(row, nowMs, await this.store.listTeamMembers(id));
  }

  async update(id: string, body: unknown, actor: AdminActor, nowMs: number): Promise<TeamView> {
    const row = await this.requireApiTeam(id);
    const patch = parseTeamBody(body);
    if (patch.name !== undefined && patch.name !== row.name) await this.assertNameFree(patch.name, row.id);
    const next: TeamRow = {
      ...row,
      name: patch.name ?? row.name,
      models: patch.models === undefined ? row.models : patch.models,
      budget: applyBudgetPatch(row.budget, patch.budget),
      limits: applyLimitsPatch(row.limits, patch.limits),
      priceMultiplierPpm: patch.priceMultiplierPpm ?? row.priceMultiplierPpm,
      expiresAtMs: patch.expiresAtMs === undefined ? row.expiresAtMs : patch.expiresAtMs,
      promptLogging: patch.promptLogging === undefined ? row.promptLogging : patch.promptLogging,
      updatedAtMs: nowMs,
    };
    if (patch.models !== undefined) {
      checkServedModels(next.models, this.runtime.knownModels());
      await this.assertKeysWithinModels(next);
    }
    const members = await this.store.listTeamMembers(id);
    const before = toTeamView(row, nowMs, members);
    await this.store.updateTeam(next);
    if (patch.members !== undefined) await this.replaceMembers(id, members, patch.members, nowMs);
    const after = toTeamView(next, nowMs, await this.store.listTeamMembers(id));
    await this.audit(actor, 'team.update', id, before, after, nowMs);
    return after;
  }

  async setDisabled(id: string, disabled: boolean, actor: AdminActor, nowMs: number): Promise<TeamView> {
    const row = await this.requireApiTeam(id);
    const members = await this.store.listTeamMembers(id);
    if ((row.disabledAtMs !== null) === disabled) return toTeamView(row, nowMs, members);
    const next: TeamRow = { ...row, disabledAtMs: disabled ? nowMs : null, updatedAtMs: nowMs };
    await this.store.updateTeam(next);
    const after = toTeamView(next, nowMs, members);
    await this.audit(
      actor,
      disabled ? 'team.disable' : 'team.enable',
      id,
      toTeamView(row, nowMs, members),
      after,
      nowMs,
    );
    return after;
  }

  /** Soft delete: the row stays for the ledger and usage history, and its name becomes free again. */
  async delete(id: string, actor: AdminActor, nowMs: number): Promise<TeamView> {
    const row = await requireTeam(this.store, id);
    if (row.deletedAtMs !== null) return toTeamView(row, nowMs);
    assertApiOwned(row, `Team '${row.name}'`);
    const keys = (await this.store.listApiKeys()).filter((key) => key.teamId === id);
    if (keys.length > 0) {
      throw new GatewayError(
        'conflict',
        `Team '${row.name}' still has ${keys.length} API key(s); revoke them or move them to another team first.`,
      );
    }
    const next: TeamRow = { ...row, deletedAtMs: nowMs, updatedAtMs: nowMs };
    const members = await this.store.listTeamMembers(id);
    await this.store.updateTeam(next);
    const after = toTeamView(next, nowMs, members);
    await this.audit(actor, 'team.delete', id, toTeamView(row, nowMs, members), after, nowMs);
    return after;
  }

  async listMembers(id: string): Promise<MemberView[]> {
    await requireTeam(this.store, id);
    return (await this.store.listTeamMembers(id)).map(toMemberView);
  }

  async putMember(id: string, member: string, body: unknown, actor: AdminActor, nowMs: number) {
    const name = readMember(member, 'member');
    const role = readRole(readBody(body, ['role']).role, 'role');
    await this.requireApiTeam(id);
    const existing = (await this.store.listTeamMembers(id)).find((row) => row.member === name);
    if (existing?.role === role) return toMemberView(existing);
    const row: TeamMemberRow = {
      teamId: id,
      member: name,
      role,
      createdAtMs: existing?.createdAtMs ?? nowMs,
    };
    await this.store.upsertTeamMember(row);
    const before = existing ? toAuditedMember(existing) : null;
    await this.audit(actor, 'member.put', id, before, toAuditedMember(row), nowMs);
    return toMemberView(row);
  }

  async removeMember(id: string, member: string, actor: AdminActor, nowMs: number): Promise<void> {
    await this.requireApiTeam(id);
    const existing = (await this.store.listTeamMembers(id)).find((row) => row.member === member);
    if (!existing || !(await this.store.removeTeamMember(id, member))) {
      throw new GatewayError('not_found', `'${member.slice(0, 100)}' is not a member of this team.`, {
        param: 'member',
      });
    }
    await this.audit(actor, 'member.delete', id, toAuditedMember(existing), null, nowMs);
  }

  private async requireApiTeam(id: string): Promise<TeamRow> {
    const row = await requireLiveTeam(this.store, id);
    assertApiOwned(row, `Team '${row.name}'`);
    return row;
  }

  private async assertNameFree(name: string, exceptId: string | null): Promise<void> {
    const existing = await this.store.findTeamByName(name);
    if (existing && existing.id !== exceptId) {
      throw new GatewayError('conflict', `A team named '${name}' already exists.`, { param: 'name' });
    }
  }

  /** Narrowing a team's models must not leave one of its keys allowing a model the team no longer does. */
  private async assertKeysWithinModels(team: TeamRow): Promise<void> {
    for (const key of await this.store.listApiKeys()) {
      if (key.teamId !== team.id) continue;
      try {
        checkModelsWithinTeam(key.models, team);
      } catch {
        throw new GatewayError(
          'conflict',
          `API key '${key.name}' (${key.id}) allows models outside the new list; change the key first.`,
          { param: 'models' },
        );
      }
    }
  }

  private async replaceMembers(
    teamId: string,
    current: readonly TeamMemberRow[],
    wanted: readonly MemberInput[],
    nowMs: number,
  ): Promise<void> {
    const wantedNames = new Set(wanted.map((item) => item.member));
    for (const row of current)
      if (!wantedNames.has(row.member)) await this.store.removeTeamMember(teamId, row.member);
    for (const item of wanted) {
      const existing = current.find((row) => row.member === item.member);
      if (existing?.role === item.role) continue;
      await this.store.upsertTeamMember({ teamId, ...item, createdAtMs: existing?.createdAtMs ?? nowMs });
    }
  }
}

/** Member changes are audited against their team, so the entry names the team too. */
function toAuditedMember(row: TeamMemberRow) {
  return { team_id: row.teamId, ...toMemberView(row) };
}
