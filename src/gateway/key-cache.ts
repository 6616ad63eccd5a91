import { createHash } from 'node:crypto';
import { parseBudgetPeriod } from '../api/budget-period.js';
import { compileIpAllowList } from '../api/ip-allow-list.js';
import type { ApiKeyRow, BudgetSetting, LimitSettings, TeamRow } from '../store/store-types.js';
import type { QuotaSubject } from './quota/quota-types.js';

/** What the request path knows about a key's team. */
export interface AuthenticatedTeam {
  id: string;
  name: string;
  priceMultiplierPpm: number;
  expiresAtMs: number | null;
  disabled: boolean;
}

/** What the request path knows about a client key: no hash, no secret. Built once per cache refresh. */
export interface AuthenticatedKey {
  id: string;
  name: string;
  /** Allowed public model ids (the key's list within its team's); null means every model. */
  models: ReadonlySet<string> | null;
  team: AuthenticatedTeam | null;
  expiresAtMs: number | null;
  disabled: boolean;
  /** null means any client address. */
  allowsAddress: ((address: string) => boolean) | null;
  /** The key's and its team's budgets and limits, only those that have any; empty = nothing to enforce. */
  quotaSubjects: readonly QuotaSubject[];
  /** Days to keep request and response bodies (the key's setting, else its team's); null = not logged. */
  promptRetentionDays: number | null;
}

/** Keys longer than this are rejected before hashing: nothing legitimate is that long. */
const MAX_KEY_LENGTH = 256;
const MAX_RECENT_KEYS = 10_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * In-process map from SHA-256(key) to key. Lookup by hash means no secret-dependent comparison
 * happens at all (the attacker does not control the hash), which is stronger than a constant-time
 * compare of the raw key.
 */
export class KeyCache {
  private byHash = new Map<string, AuthenticatedKey>();
  private teams = new Map<string, TeamRow>();
  /**
   * Keys seen recently, by the presented string, so a busy key is hashed once rather than on every
   * request. Process memory only (never stored or logged); emptied on every key change, so a revoked
   * key cannot outlive its removal here. Only successful lookups are kept, bounded in size.
   */
  private recent = new Map<string, AuthenticatedKey>();

  /** Replaces every key and team; keys of a deleted team are dropped (deleting a team ends its keys). */
  replaceAll(rows: readonly ApiKeyRow[], teams: readonly TeamRow[] = []): void {
    this.teams = new Map(teams.filter((team) => team.deletedAtMs === null).map((team) => [team.id, team]));
    const next = new Map<string, AuthenticatedKey>();
    for (const row of rows) {
      const key = this.toAuthenticatedKey(row);
      if (key) next.set(row.keyHash, key);
    }
    this.byHash = next;
    this.recent = new Map();
  }

  upsert(row: ApiKeyRow): void {
    const key = this.toAuthenticatedKey(row);
    if (key) this.byHash.set(row.keyHash, key);
    else this.byHash.delete(row.keyHash);
    this.recent = new Map();
  }

  /** Removes a key by id at once (revocation must not wait for the next sync). */
  removeById(id: string): void {
    for (const [hash, key] of this.byHash) if (key.id === id) this.byHash.delete(hash);
    this.recent = new Map();
  }

  authenticate(key: string): AuthenticatedKey | null {
    const remembered = this.recent.get(key);
    if (remembered) return remembered;
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) return null;
    const found = this.byHash.get(hashApiKey(key)) ?? null;
    if (found) {
      if (this.recent.size >= MAX_RECENT_KEYS) this.recent = new Map();
      this.recent.set(key, found);
    }
    return found;
  }

  /** Every active key and team subject that has a budget, for seeding the quota store from the ledger. */
  budgetSubjects(): QuotaSubject[] {
    const subjects = new Map<string, QuotaSubject>();
    for (const key of this.byHash.values()) {
      for (const subject of key.quotaSubjects) if (subject.budget) subjects.set(subject.id, subject);
    }
    return [...subjects.values()];
  }

  /** The live quota subject of a key or team by id (null when unknown or without budget and limits). */
  findSubject(subjectId: string): QuotaSubject | null {
    for (const key of this.byHash.values()) {
      for (const subject of key.quotaSubjects) if (subject.id === subjectId) return subject;
    }
    return null;
  }

  get size(): number {
    return this.byHash.size;
  }

  private toAuthenticatedKey(row: ApiKeyRow): AuthenticatedKey | null {
    if (row.revokedAtMs !== null) return null;
    const team = row.teamId === null ? null : this.teams.get(row.teamId);
    if (team === undefined) return null;
    const subjects: QuotaSubject[] = [];
    const keySubject = toQuotaSubject(`key:${row.id}`, row.budget, row.limits);
    if (keySubject) subjects.push(keySubject);
    const teamSubject = team ? toQuotaSubject(`team:${team.id}`, team.budget, team.limits) : null;
    if (teamSubject) subjects.push(teamSubject);
    return {
      id: row.id,
      name: row.name,
      models: intersectModels(row.models, team?.models ?? null),
      team: team
        ? {
            id: team.id,
            name: team.name,
            priceMultiplierPpm: team.priceMultiplierPpm,
            expiresAtMs: team.expiresAtMs,
            disabled: team.disabledAtMs !== null,
          }
        : null,
      expiresAtMs: row.expiresAtMs,
      disabled: row.disabledAtMs !== null,
      allowsAddress: row.allowIps ? compileIpAllowList(row.allowIps) : null,
      quotaSubjects: subjects,
      promptRetentionDays: row.promptLogging?.retentionDays ?? team?.promptLogging?.retentionDays ?? null,
    };
  }
}

function intersectModels(
  keyModels: readonly string[] | null,
  teamModels: readonly string[] | null,
): ReadonlySet<string> | null {
  if (keyModels === null && teamModels === null) return null;
  if (keyModels === null) return new Set(teamModels);
  if (teamModels === null) return new Set(keyModels);
  const team = new Set(teamModels);
  return new Set(keyModels.filter((model) => team.has(model)));
}

/** A subject only when it has something to enforce, so unlimited keys skip the quota store entirely. */
export function toQuotaSubject(
  id: string,
  budget: BudgetSetting | null,
  limits: LimitSettings,
): QuotaSubject | null {
  const period = budget ? parseBudgetPeriod(budget.period) : null;
  const hasLimits = limits.rpm !== null || limits.tpm !== null || limits.concurrency !== null;
  if (!period && !hasLimits) return null;
  return {
    id,
    budget: budget && period ? { allowanceMicros: budget.amountMicros, period } : null,
    limits,
  };
}
