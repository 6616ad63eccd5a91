import type { SettingsColumns } from './database-schema.js';
import type { BudgetSetting, LimitSettings, PromptLoggingSetting } from './store-types.js';

/** The settings teams and keys share, as the store types hold them. */
export interface Settings {
  budget: BudgetSetting | null;
  limits: LimitSettings;
  promptLogging: PromptLoggingSetting | null;
}

/** `table` names the table in errors, e.g. `teams`. */
export function toSettings(row: SettingsColumns, table: string): Settings {
  return {
    budget: readBudget(row, table),
    limits: { rpm: row.rpm, tpm: row.tpm, concurrency: row.concurrency },
    promptLogging: row.prompt_retention_days === null ? null : { retentionDays: row.prompt_retention_days },
  };
}

export function fromSettings(settings: Settings): SettingsColumns {
  return {
    budget_micros: settings.budget?.amountMicros ?? null,
    budget_period: settings.budget?.period ?? null,
    rpm: settings.limits.rpm,
    tpm: settings.limits.tpm,
    concurrency: settings.limits.concurrency,
    prompt_retention_days: settings.promptLogging?.retentionDays ?? null,
  };
}

/** A budget is both columns or neither: half a budget would silently mean "no budget". */
function readBudget(row: SettingsColumns, table: string): BudgetSetting | null {
  if (row.budget_micros === null && row.budget_period === null) return null;
  if (row.budget_micros !== null && row.budget_period !== null) {
    return { amountMicros: row.budget_micros, period: row.budget_period };
  }
  throw new Error(
    `Unexpected value in database columns ${table}.budget_micros/budget_period: only one of them is set`,
  );
}
