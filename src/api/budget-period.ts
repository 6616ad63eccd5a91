/**
 * Budget periods as written in YAML and the admin API: `none`, `daily`, `weekly`, `monthly` (UTC
 * calendar periods: a day from 00:00, a week from Monday 00:00, a month from the 1st) or a rolling window
 * `rolling_<N>h` / `rolling_<N>d` (spend in the last N hours or days).
 */
export type BudgetPeriod =
  | { kind: 'none' }
  | { kind: 'calendar'; unit: 'day' | 'week' | 'month' }
  | { kind: 'rolling'; windowMs: number };

/** The span of a budget's current window. */
export interface BudgetWindow {
  /** Spend at or after this instant counts (0 for `none`). */
  startMs: number;
  /** When a calendar window ends and spend starts from zero again; null for `none` and rolling windows. */
  endMs: number | null;
  /** Names the window in counters: the start for calendar windows, `all` or `rolling` otherwise. */
  id: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ROLLING = /^rolling_([1-9]\d{0,3})([hd])$/;
/** A year: longer windows are a `none` budget with extra steps. */
const MAX_ROLLING_MS = 366 * DAY_MS;

export const BUDGET_PERIOD_HELP =
  'none, daily, weekly, monthly, or a rolling window like rolling_5h or rolling_7d';

export function parseBudgetPeriod(text: string): BudgetPeriod | null {
  switch (text) {
    case 'none':
      return { kind: 'none' };
    case 'daily':
      return { kind: 'calendar', unit: 'day' };
    case 'weekly':
      return { kind: 'calendar', unit: 'week' };
    case 'monthly':
      return { kind: 'calendar', unit: 'month' };
  }
  const match = ROLLING.exec(text);
  if (!match) return null;
  const windowMs = Number(match[1]) * (match[2] === 'h' ? HOUR_MS : DAY_MS);
  return windowMs <= MAX_ROLLING_MS ? { kind: 'rolling', windowMs } : null;
}

export function budgetWindow(period: BudgetPeriod, nowMs: number): BudgetWindow {
  switch (period.kind) {
    case 'none':
      return { startMs: 0, endMs: null, id: 'all' };
    case 'rolling':
      return { startMs: nowMs - period.windowMs, endMs: null, id: 'rolling' };
    case 'calendar': {
      const startMs = calendarStart(period.unit, nowMs);
      const endMs = calendarEnd(period.unit, startMs);
      return { startMs, endMs, id: String(startMs) };
    }
  }
}

function calendarStart(unit: 'day' | 'week' | 'month', nowMs: number): number {
  const now = new Date(nowMs);
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (unit === 'day') return dayStart;
  if (unit === 'week') return dayStart - ((now.getUTCDay() + 6) % 7) * DAY_MS;
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
}

function calendarEnd(unit: 'day' | 'week' | 'month', startMs: number): number {
  if (unit === 'day') return startMs + DAY_MS;
  if (unit === 'week') return startMs + 7 * DAY_MS;
  const start = new Date(startMs);
  return Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
}
