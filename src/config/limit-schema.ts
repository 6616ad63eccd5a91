/**
 * Settings shared by `teams:` and `keys:` (model allow-list, budget, limits, expires_at, prompt_logging),
 * money amounts, and the per-model `model_limits:` section.
 */

import { BUDGET_PERIOD_HELP, parseBudgetPeriod } from '../api/budget-period.js';
import { parseMicros } from '../api/money.js';
import type { BudgetSetting, LimitSettings, PromptLoggingSetting } from '../store/store-types.js';
import { checkModelId } from './channel-schema.js';
import {
  childField,
  describeValue,
  type Field,
  failAt,
  readEntries,
  readInteger,
  readMapping,
  readOptionalMapping,
  readString,
  readUniqueStringList,
  requireString,
} from './config-fields.js';

/** Upper bound of every rpm / tpm / concurrency limit. */
export const MAX_LIMIT = 1_000_000_000;
export const MAX_RETENTION_DAYS = 3650;

export const NO_LIMITS: Readonly<LimitSettings> = { rpm: null, tpm: null, concurrency: null };

const BUDGET_KEYS = ['amount', 'period'] as const;
const LIMIT_KEYS = ['rpm', 'tpm', 'concurrency'] as const;
const PROMPT_LOGGING_KEYS = ['retention_days'] as const;

/** RFC 3339 / ISO 8601 date-time with a zone: date, hours and minutes required; seconds and fraction optional. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

const DATE_TIME_HELP = 'an ISO 8601 date and time with a time zone, like 2027-01-01T00:00:00Z';

/** A money amount in micro-units (see src/api/money.ts); null when absent. Numbers and decimal strings both work. */
export function readMoney(value: unknown, field: Field): number | null {
  if (value === null || value === undefined) return null;
  const shown = typeof value === 'string' ? readString(value, field) : value;
  const micros = parseMicros(shown);
  if (micros === null) {
    failAt(field, `expected a non-negative amount with at most 6 decimals, got ${describeValue(shown)}`);
  }
  return micros;
}

export function requireMoney(value: unknown, field: Field): number {
  const micros = readMoney(value, field);
  if (micros === null) failAt(field, 'is required');
  return micros;
}

/**
 * `models:` of a team or key: distinct ids served by some channel. Absent = every model; an empty list would
 * lock the team or key out entirely, so it is refused.
 */
export function readModelAllowList(
  value: unknown,
  field: Field,
  servedModels: ReadonlySet<string>,
): string[] | null {
  const models = readUniqueStringList(value, field, 'model');
  if (models === null) return null;
  if (models.length === 0) failAt(field, 'must list at least one model; omit it to allow all models');
  models.forEach((model, index) => {
    const modelField = childField(field, index);
    checkModelId(model, modelField);
    if (!servedModels.has(model)) failAt(modelField, `no channel serves model ${JSON.stringify(model)}`);
  });
  return models;
}

/** `budget: { amount: 500, period: monthly }`; both required. The period is kept as written (it is canonical). */
export function readBudget(value: unknown, field: Field): BudgetSetting | null {
  if (value === null || value === undefined) return null;
  const section = readMapping(value, field, BUDGET_KEYS);
  const amountMicros = requireMoney(section.amount, childField(field, 'amount'));
  const periodField = childField(field, 'period');
  const period = readString(section.period, periodField);
  if (period === null) failAt(periodField, `is required (${BUDGET_PERIOD_HELP})`);
  if (parseBudgetPeriod(period) === null) {
    failAt(periodField, `expected ${BUDGET_PERIOD_HELP}, got ${describeValue(period)}`);
  }
  return { amountMicros, period };
}

/** `limits: { rpm, tpm, concurrency }`; each optional (null = no limit of that kind). */
export function readLimits(value: unknown, field: Field): LimitSettings {
  const section = readOptionalMapping(value, field, LIMIT_KEYS);
  const read = (key: (typeof LIMIT_KEYS)[number]) =>
    readInteger(section[key], childField(field, key), 1, MAX_LIMIT);
  return { rpm: read('rpm'), tpm: read('tpm'), concurrency: read('concurrency') };
}

/** `prompt_logging: { retention_days: 30 }`; absent (or null) = off. */
export function readPromptLogging(value: unknown, field: Field): PromptLoggingSetting | null {
  if (value === null || value === undefined) return null;
  const section = readMapping(value, field, PROMPT_LOGGING_KEYS);
  const daysField = childField(field, 'retention_days');
  const retentionDays = readInteger(section.retention_days, daysField, 1, MAX_RETENTION_DAYS);
  if (retentionDays === null) failAt(daysField, 'is required');
  return { retentionDays };
}

/**
 * `expires_at:` as Unix milliseconds; null when absent. A string must carry a time zone (a bare date or local
 * time would depend on the server's zone); a Date (what a YAML 1.1 timestamp becomes) is taken as is.
 * A moment in the past is accepted: it is how a team or key is expired from the config.
 */
export function readExpiresAt(value: unknown, field: Field): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) failAt(field, `expected ${DATE_TIME_HELP}, got an invalid date`);
    return ms;
  }
  const text = requireString(value, field);
  const ms = isValidDateTime(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) failAt(field, `expected ${DATE_TIME_HELP}, got ${describeValue(text)}`);
  return ms;
}

function isValidDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part))) as number[];
  // Date.parse rolls 2027-02-30 over to March 2 and 24:00 to the next day; refuse both.
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return (
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59 &&
    offsetHours! <= 23 &&
    offsetMinutes! <= 59
  );
}

/** `model_limits:` — public model id → limits across every key; each model must be served by a channel. */
export function parseModelLimits(
  value: unknown,
  field: Field,
  servedModels: ReadonlySet<string>,
): Record<string, LimitSettings> {
  // fromEntries, not assignment: a model id such as `__proto__` must stay an ordinary key.
  return Object.fromEntries(
    readEntries(value, field).map(([model, item]) => {
      const modelField = childField(field, model);
      checkModelId(model, modelField);
      if (!servedModels.has(model)) failAt(modelField, `no channel serves model ${JSON.stringify(model)}`);
      // Unlike a team's or key's `limits:`, an entry here exists only to set limits, so it must be a mapping.
      readMapping(item, modelField, LIMIT_KEYS);
      return [model, readLimits(item, modelField)];
    }),
  );
}
