import { parseBudgetPeriod } from '../../api/budget-period.js';
import type { Admission, AdmissionRequest, QuotaStore, QuotaSubject, QuotaTicket } from './quota-types.js';

/** Wednesday 2025-01-15 12:00 UTC: mid-day, mid-week, mid-month. */
export const T0 = Date.UTC(2025, 0, 15, 12);
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

export interface SubjectOptions {
  budget?: { allowanceMicros: number; period: string };
  rpm?: number;
  tpm?: number;
  concurrency?: number;
}

export function quotaSubject(id: string, options: SubjectOptions = {}): QuotaSubject {
  const budget = options.budget;
  const period = budget ? parseBudgetPeriod(budget.period) : null;
  if (budget && !period) throw new Error(`bad period ${budget.period}`);
  return {
    id,
    budget: budget && period ? { allowanceMicros: budget.allowanceMicros, period } : null,
    limits: { rpm: options.rpm ?? null, tpm: options.tpm ?? null, concurrency: options.concurrency ?? null },
  };
}

let requestCounter = 0;

/** An admission at T0 with nothing estimated and a 10-minute lease, unless overridden. */
export function admission(
  subjects: readonly QuotaSubject[],
  overrides: Partial<Omit<AdmissionRequest, 'subjects'>> = {},
): AdmissionRequest {
  requestCounter += 1;
  return {
    requestId: `req_${requestCounter}`,
    subjects,
    estimateMicros: 0,
    estimateTokens: 0,
    nowMs: T0,
    leaseMs: 10 * MINUTE_MS,
    ...overrides,
  };
}

export function ticketOf(result: Admission): QuotaTicket {
  if (!result.admitted) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
  return result.ticket;
}

export async function remainingBudget(store: QuotaStore, subject: QuotaSubject, nowMs: number) {
  return (await store.peek([subject], nowMs)).budgetRemainingMicros;
}
