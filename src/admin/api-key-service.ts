import { InvalidRequestError } from '../api/gateway-error.js';
import { hashApiKey } from '../gateway/key-cache.js';
import type { Store } from '../store/store.js';
import type { ApiKeyRow, TeamRow } from '../store/store-types.js';
import {
  assertApiOwned,
  checkModelsWithinTeam,
  checkServedModels,
  requireKey,
  requireLiveKey,
  resolveTeamName,
} from './admin-lookups.js';
import type { AdminRuntime } from './admin-runtime.js';
import { type ApiKeyView, toApiKeyView } from './admin-views.js';
import { generateApiKey, toKeyHint } from './api-key-material.js';
import { type AdminActor, type AdminChangeRecorder, adminChangeRecorder } from './audit-recorder.js';
import { type Page, type PageRequest, pageByCreation } from './list-paging.js';
import { newId } from './new-id.js';
import { applyBudgetPatch, applyLimitsPatch, parseKeyBody } from './tenancy-input.js';

export interface KeyListQuery {
  /** Case-insensitive substring of the name. */
  search?: string;
  teamId?: string;
  includeRevoked?: boolean;
  page: PageRequest;
}

/**
 * Creates, changes, disables and revokes client keys; every change is audited. Used by the admin API
 * (whose runtime reloads the running server's caches at once) and by the CLI (whose changes reach a
 * running server through the keys version counter it polls).
 */
export class ApiKeyService {
  private readonly audit: AdminChangeRecorder;

  constructor(
    private readonly store: Store,
    private readonly runtime: AdminRuntime,
  ) {
    this.audit = adminChangeRecorder(store, runtime, 'key');
  }

  /** The new key is in the answer, once; it is stored only as a hash. */
  async create(body: unknown, actor: AdminActor, nowMs: number): Promise<ApiKeyView & { key: string }> {
    const patch = parseKeyBody(body);
    if (patch.name === undefined) {
      throw new InvalidRequestError(
        '`name` is required: 1-64 letters, digits, spaces or _.@:- characters.',
        'name',
      );
    }
    const team = patch.team ? await resolveTeamName(this.store, patch.team) : null;
    const models = patch.models ?? null;
    checkServedModels(models, this.runtime.knownModels());
    checkModelsWithinTeam(models, team);
    const key = generateApiKey();
    const row: ApiKeyRow = {
      id: newId('key'),
      name: patch.name,
      keyHash: hashApiKey(key),
      keyHint: toKeyHint(key),
      models,
      source: 'api',
      createdAtMs: nowMs,
      revokedAtMs: null,
      teamId: team?.id ?? null,
      budget: applyBudgetPatch(null, patch.budget),
      limits: applyLimitsPatch({ rpm: null, tpm: null, concurrency: null }, patch.limits),
      expiresAtMs: patch.expiresAtMs ?? null,
      allowIps: patch.allowIps ?? null,
      promptLogging: patch.promptLogging ?? null,
      disabledAtMs: null,
      updatedAtMs: nowMs,
    };
    await this.store.insertApiKey(row);
    const view = toApiKeyView(row, team?.name ?? null, nowMs);
    await this.audit(actor, 'key.create', row.id, null, view, nowMs);
    return { ...view, key };
  }

  async list(query: KeyListQuery, nowMs: number): Promise<Page<ApiKeyView>> {
    let rows = await this.store.listApiKeys({ includeRevoked: query.includeRevoked === true });
    const search = query.search?.toLowerCase();
    if (search) rows = rows.filter((row) => row.name.toLowerCase().includes(search));
    if (query.teamId) rows = rows.filter((row) => row.teamId === query.teamId);
    const page = pageByCreation(rows, query.page);
    const teamNames = await this.teamNames();
    return {
      data: page.data.map((row) => toApiKeyView(row, teamNames.get(row.teamId ?? '') ?? null, nowMs)),
      nextCursor: page.nextCursor,
    };
  }

  /** Every key, oldest first (the CLI's `opt keys list`). */
  async listAll(includeRevoked: boolean, nowMs: number): Promise<ApiKeyView[]> {
    const rows = await this.store.listApiKeys({ includeRevoked });
    const teamNames = await this.teamNames();
    return rows.map((row) => toApiKeyView(row, teamNames.get(row.teamId ?? '') ?? null, nowMs));
  }

  async get(id: string, nowMs: number): Promise<ApiKeyView> {
    const row = await requireKey(this.store, id);
    return toApiKeyView(row, await this.teamNameOf(row), nowMs);
  }

  async update(id: string, body: unknown, actor: AdminActor, nowMs: number): Promise<ApiKeyView> {
    const row = await this.requireApiKey(id);
    const patch = parseKeyBody(body);
    let team: TeamRow | null = row.teamId === null ? null : await this.store.findTeamById(row.teamId);
    if (patch.team !== undefined)
      team = patch.team === null ? null : await resolveTeamName(this.store, patch.team);
    const next: ApiKeyRow = {
      ...row,
      name: patch.name ?? row.name,
      models: patch.models === undefined ? row.models : patch.models,
      teamId: team?.id ?? null,
      budget: applyBudgetPatch(row.budget, patch.budget),
      limits: applyLimitsPatch(row.limits, patch.limits),
      expiresAtMs: patch.expiresAtMs === undefined ? row.expiresAtMs : patch.expiresAtMs,
      allowIps: patch.allowIps === undefined ? row.allowIps : patch.allowIps,
      promptLogging: patch.promptLogging === undefined ? row.promptLogging : patch.promptLogging,
      updatedAtMs: nowMs,
    };
    if (patch.models !== undefined) checkServedModels(next.models, this.runtime.knownModels());
    if (patch.models !== undefined || patch.team !== undefined) checkModelsWithinTeam(next.models, team);
    const before = toApiKeyView(row, await this.teamNameOf(row), nowMs);
    await this.store.updateApiKey(next);
    const after = toApiKeyView(next, team?.name ?? null, nowMs);
    await this.audit(actor, 'key.update', id, before, after, nowMs);
    return after;
  }

  /** A disabled key is refused by the gateway but, unlike a revoked one, can be enabled again. */
  async setDisabled(id: string, disabled: boolean, actor: AdminActor, nowMs: number): Promise<ApiKeyView> {
    const row = await this.requireApiKey(id);
    const teamName = await this.teamNameOf(row);
    if ((row.disabledAtMs !== null) === disabled) return toApiKeyView(row, teamName, nowMs);
    const next: ApiKeyRow = { ...row, disabledAtMs: disabled ? nowMs : null, updatedAtMs: nowMs };
    await this.store.updateApiKey(next);
    const after = toApiKeyView(next, teamName, nowMs);
    const before = toApiKeyView(row, teamName, nowMs);
    await this.audit(actor, disabled ? 'key.disable' : 'key.enable', id, before, after, nowMs);
    return after;
  }

  /** Final: the key stops working at once and its secret can never be used again. */
  async revoke(id: string, actor: AdminActor, nowMs: number): Promise<ApiKeyView> {
    const row = await requireKey(this.store, id);
    const teamName = await this.teamNameOf(row);
    if (row.revokedAtMs !== null) return toApiKeyView(row, teamName, nowMs);
    assertApiOwned(row, `API key '${row.name}'`);
    await this.store.revokeApiKey(id, nowMs);
    const next: ApiKeyRow = { ...row, revokedAtMs: nowMs };
    const after = toApiKeyView(next, teamName, nowMs);
    await this.audit(actor, 'key.revoke', id, toApiKeyView(row, teamName, nowMs), after, nowMs);
    return after;
  }

  private async requireApiKey(id: string): Promise<ApiKeyRow> {
    const row = await requireLiveKey(this.store, id);
    assertApiOwned(row, `API key '${row.name}'`);
    return row;
  }

  private async teamNameOf(row: ApiKeyRow): Promise<string | null> {
    if (row.teamId === null) return null;
    return (await this.store.findTeamById(row.teamId))?.name ?? null;
  }

  private async teamNames(): Promise<Map<string, string>> {
    const teams = await this.store.listTeams({ includeDeleted: true });
    return new Map(teams.map((team) => [team.id, team.name]));
  }
}
