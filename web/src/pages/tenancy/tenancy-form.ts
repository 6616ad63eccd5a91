import { ApiError } from '../../api/api-error';
import type { TenancyView } from './tenancy-types';

/**
 * The fields keys and teams share, as the forms hold them (text while typing), and their translation to
 * and from the admin API's JSON (src/admin/tenancy-input.ts). Empty means "not set": no budget, no limit,
 * every model, no expiry.
 */
export interface TenancyFormState {
  name: string;
  /** Empty: every model (the API's null). */
  models: string[];
  /** Decimal text in the gateway's currency; empty: no budget. */
  budgetAmount: string;
  period: PeriodChoice;
  /** N of rolling_<N>h / rolling_<N>d. */
  rollingCount: string;
  rpm: string;
  tpm: string;
  concurrency: string;
  /** `datetime-local` text in the browser's time zone; empty: never expires. */
  expiresAt: string;
  /** Days; empty: prompt logging off. */
  retentionDays: string;
}

export type PeriodChoice = 'none' | 'daily' | 'weekly' | 'monthly' | 'rolling_h' | 'rolling_d';
export const PERIOD_CHOICES: readonly PeriodChoice[] = [
  'none',
  'daily',
  'weekly',
  'monthly',
  'rolling_h',
  'rolling_d',
];

export function emptyTenancyForm(): TenancyFormState {
  return {
    name: '',
    models: [],
    budgetAmount: '',
    period: 'monthly',
    rollingCount: '24',
    rpm: '',
    tpm: '',
    concurrency: '',
    expiresAt: '',
    retentionDays: '',
  };
}

export function tenancyFormFrom(
  view: Pick<TenancyView, 'name' | 'models' | 'budget' | 'limits' | 'expires_at' | 'prompt_logging'>,
): TenancyFormState {
  const period = splitPeriod(view.budget?.period ?? 'monthly');
  return {
    name: view.name,
    models: view.models ?? [],
    budgetAmount: view.budget?.amount ?? '',
    period: period.choice,
    rollingCount: period.count,
    rpm: numberText(view.limits.rpm),
    tpm: numberText(view.limits.tpm),
    concurrency: numberText(view.limits.concurrency),
    expiresAt: view.expires_at ? toLocalInput(view.expires_at) : '',
    retentionDays: numberText(view.prompt_logging?.retention_days ?? null),
  };
}

/** The JSON body for POST/PATCH: every shared field, so an edit also clears what was emptied. */
export function tenancyBody(form: TenancyFormState, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { name: form.name.trim() };
  const models = form.models.length > 0 ? form.models : null;
  const budget =
    form.budgetAmount.trim() === '' ? null : { amount: form.budgetAmount.trim(), period: joinPeriod(form) };
  const limits = { rpm: toLimit(form.rpm), tpm: toLimit(form.tpm), concurrency: toLimit(form.concurrency) };
  const expires = form.expiresAt === '' ? null : toIsoTime(form.expiresAt);
  const logging = form.retentionDays.trim() === '' ? null : { retention_days: toLimit(form.retentionDays) };
  // On create, unset fields are left out (the API's defaults); on edit null clears them.
  if (!creating || models) body.models = models;
  if (!creating || budget) body.budget = budget;
  if (!creating || Object.values(limits).some((value) => value !== null)) body.limits = limits;
  if (!creating || expires) body.expires_at = expires;
  if (!creating || logging) body.prompt_logging = logging;
  return body;
}

export function joinPeriod(form: Pick<TenancyFormState, 'period' | 'rollingCount'>): string {
  if (form.period === 'rolling_h') return `rolling_${form.rollingCount.trim()}h`;
  if (form.period === 'rolling_d') return `rolling_${form.rollingCount.trim()}d`;
  return form.period;
}

function splitPeriod(period: string): { choice: PeriodChoice; count: string } {
  const rolling = /^rolling_(\d+)([hd])$/.exec(period);
  if (rolling) return { choice: rolling[2] === 'h' ? 'rolling_h' : 'rolling_d', count: rolling[1] ?? '24' };
  if (period === 'none' || period === 'daily' || period === 'weekly' || period === 'monthly') {
    return { choice: period, count: '24' };
  }
  return { choice: 'monthly', count: '24' };
}

function numberText(value: number | null): string {
  return value === null ? '' : String(value);
}

/** An integer as typed, or the text itself (the API then names the field in its error). */
function toLimit(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** `2026-12-01T10:30` (local) → ISO with a zone; text the browser cannot read goes as is, for the API's error. */
function toIsoTime(local: string): string {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Lines of a textarea → trimmed, non-empty entries. */
export function splitLines(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * Which form field an API error's `param` names: `allow_ips[2]` → `allow_ips`, `budget` →
 * `budget.amount`, `prompt_logging.retention_days` → `prompt_logging`, `members[0].member` → `members`.
 * Null when the error is not about a field of this form (then it shows above the buttons).
 */
export function fieldOfParam(param: string | null, fields: readonly string[]): string | null {
  if (!param) return null;
  const base = param.replace(/\[\d+\].*$/, '');
  const aliases: Record<string, string> = {
    budget: 'budget.amount',
    limits: 'limits.rpm',
    'prompt_logging.retention_days': 'prompt_logging',
  };
  const field = aliases[base] ?? base;
  return fields.includes(field) ? field : null;
}

export interface FormErrors {
  /** Field → message. */
  fields: Record<string, string>;
  /** An error no field owns. */
  form: Error | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };

export function formErrorsOf(error: unknown, fields: readonly string[]): FormErrors {
  if (error instanceof ApiError) {
    const field = fieldOfParam(error.param, fields);
    if (field) return { fields: { [field]: error.message }, form: null };
  }
  return { fields: {}, form: error instanceof Error ? error : new Error(String(error)) };
}

/** The fields every tenancy form has, in the API's naming. */
export const TENANCY_FIELDS = [
  'name',
  'models',
  'budget.amount',
  'budget.period',
  'limits.rpm',
  'limits.tpm',
  'limits.concurrency',
  'expires_at',
  'prompt_logging',
] as const;
