import { formatMicros, microsToNumber } from '../api/money.js';
import type {
  ApiKeyRow,
  BudgetSetting,
  LimitSettings,
  PromptLoggingSetting,
  RowSource,
  TeamMemberRole,
  TeamMemberRow,
  TeamRow,
} from '../store/store-types.js';

/**
 * How teams and keys are shown by the admin API, its audit entries and the CLI: snake_case, the YAML's
 * field names, ISO times, money as a decimal string plus its `_micros` twin. A key view never holds the
 * key or its hash: `key_hint` only (the key itself is shown once, at creation, outside these views).
 */
export interface BudgetSettingView {
  amount: string;
  amount_micros: number;
  period: string;
}

export interface LimitsView {
  rpm: number | null;
  tpm: number | null;
  concurrency: number | null;
}

export interface MemberView {
  member: string;
  role: TeamMemberRole;
  created_at: string;
}

/** Derived for the console: what the gateway would do with the row now. */
export type TeamStatus = 'active' | 'disabled' | 'expired' | 'deleted';
export type KeyStatus = 'active' | 'disabled' | 'expired' | 'revoked';

export interface TeamView {
  id: string;
  object: 'team';
  name: string;
  status: TeamStatus;
  models: string[] | null;
  budget: BudgetSettingView | null;
  limits: LimitsView;
  price_multiplier: number;
  expires_at: string | null;
  prompt_logging: { retention_days: number } | null;
  source: RowSource;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** Present on single-team answers; lists leave it out (GET /admin/teams/:id/members has them). */
  members?: MemberView[];
}

export interface ApiKeyView {
  id: string;
  object: 'api_key';
  name: string;
  key_hint: string;
  status: KeyStatus;
  /** The team's name and id; null when the key has no team. */
  team: string | null;
  team_id: string | null;
  models: string[] | null;
  budget: BudgetSettingView | null;
  limits: LimitsView;
  expires_at: string | null;
  allow_ips: string[] | null;
  prompt_logging: { retention_days: number } | null;
  source: RowSource;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
  revoked_at: string | null;
}

export function toIsoTime(ms: number): string;
export function toIsoTime(ms: number | null): string | null;
export function toIsoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function toBudgetSettingView(budget: BudgetSetting | null): BudgetSettingView | null {
  if (budget === null) return null;
  return {
    amount: formatMicros(budget.amountMicros),
    amount_micros: budget.amountMicros,
    period: budget.period,
  };
}

export function toLimitsView(limits: LimitSettings): LimitsView {
  return { rpm: limits.rpm, tpm: limits.tpm, concurrency: limits.concurrency };
}

function toPromptLoggingView(setting: PromptLoggingSetting | null): { retention_days: number } | null {
  return setting === null ? null : { retention_days: setting.retentionDays };
}

export function toMemberView(row: TeamMemberRow): MemberView {
  return { member: row.member, role: row.role, created_at: toIsoTime(row.createdAtMs) };
}

export function toTeamView(row: TeamRow, nowMs: number, members?: readonly TeamMemberRow[]): TeamView {
  const view: TeamView = {
    id: row.id,
    object: 'team',
    name: row.name,
    status: teamStatus(row, nowMs),
    models: row.models,
    budget: toBudgetSettingView(row.budget),
    limits: toLimitsView(row.limits),
    price_multiplier: microsToNumber(row.priceMultiplierPpm),
    expires_at: toIsoTime(row.expiresAtMs),
    prompt_logging: toPromptLoggingView(row.promptLogging),
    source: row.source,
    disabled_at: toIsoTime(row.disabledAtMs),
    created_at: toIsoTime(row.createdAtMs),
    updated_at: toIsoTime(row.updatedAtMs),
    deleted_at: toIsoTime(row.deletedAtMs),
  };
  if (members) view.members = members.map(toMemberView);
  return view;
}

/** `teamName` is the key's team's name (null when it has none); the caller looks it up. */
export function toApiKeyView(row: ApiKeyRow, teamName: string | null, nowMs: number): ApiKeyView {
  return {
    id: row.id,
    object: 'api_key',
    name: row.name,
    key_hint: row.keyHint,
    status: keyStatus(row, nowMs),
    team: row.teamId === null ? null : teamName,
    team_id: row.teamId,
    models: row.models,
    budget: toBudgetSettingView(row.budget),
    limits: toLimitsView(row.limits),
    expires_at: toIsoTime(row.expiresAtMs),
    allow_ips: row.allowIps,
    prompt_logging: toPromptLoggingView(row.promptLogging),
    source: row.source,
    disabled_at: toIsoTime(row.disabledAtMs),
    created_at: toIsoTime(row.createdAtMs),
    updated_at: toIsoTime(row.updatedAtMs),
    revoked_at: toIsoTime(row.revokedAtMs),
  };
}

function teamStatus(row: TeamRow, nowMs: number): TeamStatus {
  if (row.deletedAtMs !== null) return 'deleted';
  if (row.disabledAtMs !== null) return 'disabled';
  if (row.expiresAtMs !== null && row.expiresAtMs <= nowMs) return 'expired';
  return 'active';
}

function keyStatus(row: ApiKeyRow, nowMs: number): KeyStatus {
  if (row.revokedAtMs !== null) return 'revoked';
  if (row.disabledAtMs !== null) return 'disabled';
  if (row.expiresAtMs !== null && row.expiresAtMs <= nowMs) return 'expired';
  return 'active';
}
