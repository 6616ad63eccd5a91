import { type BudgetPeriod, budgetWindow } from '../../api/budget-period.js';

/**
 * The budget window a reservation or charge belongs to. Its id goes into tickets and Redis keys, so it
 * names the period too: `day:<startMs>`, `week:<startMs>`, `month:<startMs>`, `rolling:<windowMs>`,
 * `none`. A changed period (daily → monthly) is then a new window that the ledger seeds afresh, never a
 * reuse of another period's counters that happen to start at the same instant.
 */
export interface QuotaWindow {
  id: string;
  kind: 'calendar' | 'rolling' | 'none';
  /** Calendar windows only (0 otherwise): the window holds instants from here to `endMs`. */
  startMs: number;
  /** Calendar windows only: the next window starts here (its counters live until a day later). */
  endMs: number | null;
  /** Rolling windows only. */
  rollingWindowMs: number | null;
}

const NONE_WINDOW: QuotaWindow = { id: 'none', kind: 'none', startMs: 0, endMs: null, rollingWindowMs: null };
const CALENDAR_UNITS = new Set(['day', 'week', 'month']);

export function currentQuotaWindow(period: BudgetPeriod, nowMs: number): QuotaWindow {
  switch (period.kind) {
    case 'none':
      return NONE_WINDOW;
    case 'rolling':
      return {
        id: `rolling:${period.windowMs}`,
        kind: 'rolling',
        startMs: 0,
        endMs: null,
        rollingWindowMs: period.windowMs,
      };
    case 'calendar': {
      const window = budgetWindow(period, nowMs);
      const { startMs, endMs } = window;
      return { id: `${period.unit}:${startMs}`, kind: 'calendar', startMs, endMs, rollingWindowMs: null };
    }
  }
}

/** The window a ticket names; null for an id this module did not write (a ticket from a newer build). */
export function parseQuotaWindowId(id: string): QuotaWindow | null {
  if (id === 'none') return NONE_WINDOW;
  const colon = id.indexOf(':');
  const name = id.slice(0, colon);
  const value = Number(id.slice(colon + 1));
  if (colon < 0 || !Number.isSafeInteger(value) || value < 0) return null;
  if (name === 'rolling') {
    return value > 0 ? { id, kind: 'rolling', startMs: 0, endMs: null, rollingWindowMs: value } : null;
  }
  if (!CALENDAR_UNITS.has(name)) return null;
  const unit = name as 'day' | 'week' | 'month';
  const endMs = budgetWindow({ kind: 'calendar', unit }, value).endMs;
  return { id, kind: 'calendar', startMs: value, endMs, rollingWindowMs: null };
}
