/** Shapes of the admin API's team, key and budget answers (src/admin/admin-views.ts, budget-service.ts). */
export type RowSource = 'config' | 'api';

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
  role: 'owner' | 'member';
  created_at: string;
}

export interface TenancyView {
  id: string;
  name: string;
  models: string[] | null;
  budget: BudgetSettingView | null;
  limits: LimitsView;
  expires_at: string | null;
  prompt_logging: { retention_days: number } | null;
  source: RowSource;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TeamView extends TenancyView {
  object: 'team';
  status: 'active' | 'disabled' | 'expired' | 'deleted';
  price_multiplier: number;
  deleted_at: string | null;
  members?: MemberView[];
}

export interface KeyView extends TenancyView {
  object: 'api_key';
  key_hint: string;
  status: 'active' | 'disabled' | 'expired' | 'revoked';
  team: string | null;
  team_id: string | null;
  allow_ips: string[] | null;
  revoked_at: string | null;
}

/** `POST /admin/keys` answers the view plus the full key, once. */
export interface CreatedKey extends KeyView {
  key: string;
}

/** `GET /admin/{keys|teams}/:id/budget`. */
export interface BudgetView {
  object: 'budget';
  currency: string;
  amount: string | null;
  amount_micros: number | null;
  period: string | null;
  window_start: string | null;
  window_end: string | null;
  spent_micros: number;
  granted_micros: number;
  remaining_micros: number | null;
  live_remaining_micros: number | null;
}

/** One row of `GET /admin/ledger` (grants here). */
export interface LedgerEntryView {
  id: string;
  created_at: string;
  kind: 'charge' | 'grant' | 'reset';
  amount_micros: number;
  actor: string | null;
  note: string | null;
}

/** One row of `GET /admin/models` (the fields the forms read). */
export interface ModelEntry {
  id: string;
}

/** One row of `GET /admin/usage/summary`. */
export interface SummaryRow {
  bucket_start: string;
  group: string | null;
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_micros: number;
}

export interface UsageSummary {
  object: 'usage_summary';
  data: SummaryRow[];
  totals: { requests: number; cost_micros: number; prompt_tokens: number; completion_tokens: number };
}

export type OwnerKind = 'key' | 'team';

export const MICROS = 1_000_000;
