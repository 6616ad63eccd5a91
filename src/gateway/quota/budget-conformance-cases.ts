import { describe, expect, it } from 'vitest';
import {
  admission,
  HOUR_MS,
  MINUTE_MS,
  quotaSubject,
  remainingBudget as remainingBudgetOf,
  T0,
  ticketOf,
} from './quota-conformance-fixtures.js';
import type { QuotaStore, QuotaSubject } from './quota-types.js';

/** Budgets: reservations, charges, grants, seeds, and calendar and rolling windows. */
export function describeBudgetConformance(currentStore: () => QuotaStore): void {
  const remainingBudget = (subject: QuotaSubject, nowMs: number) =>
    remainingBudgetOf(currentStore(), subject, nowMs);

  describe('budgets', () => {
    const daily = quotaSubject('key:daily', { budget: { allowanceMicros: 100, period: 'daily' } });

    it('reserves the estimate, refuses what does not fit, and settles to the real cost (below the estimate)', async () => {
      const first = await currentStore().admit(admission([daily], { estimateMicros: 60 }));
      expect(first.state.budgetRemainingMicros).toBe(40);
      const refused = await currentStore().admit(admission([daily], { estimateMicros: 50, nowMs: T0 + 1 }));
      expect(refused).toMatchObject({
        admitted: false,
        refusal: { kind: 'budget', subjectId: 'key:daily', limit: 100, neverFits: false },
        state: { budgetRemainingMicros: 40 },
      });
      // The daily window ends at midnight UTC.
      expect(!refused.admitted && refused.refusal.retryAfterMs).toBe(Date.UTC(2025, 0, 16) - T0 - 1);

      await currentStore().settle(ticketOf(first), { costMicros: 30, tokens: 0 }, T0 + 2);
      expect(await remainingBudget(daily, T0 + 2)).toBe(70);
      expect(
        (await currentStore().admit(admission([daily], { estimateMicros: 50, nowMs: T0 + 3 }))).admitted,
      ).toBe(true);
    });

    it('charges a cost above the estimate, goes negative, and still admits free (zero-estimate) requests', async () => {
      const first = await currentStore().admit(admission([daily], { estimateMicros: 10 }));
      await currentStore().settle(ticketOf(first), { costMicros: 150, tokens: 0 }, T0 + 1);
      expect(await remainingBudget(daily, T0 + 1)).toBe(-50);
      const refused = await currentStore().admit(admission([daily], { estimateMicros: 1, nowMs: T0 + 2 }));
      expect(refused).toMatchObject({ admitted: false, refusal: { kind: 'budget', neverFits: false } });
      const free = await currentStore().admit(admission([daily], { estimateMicros: 0, nowMs: T0 + 3 }));
      expect(free.admitted).toBe(true);
      expect(free.state.budgetRemainingMicros).toBe(-50);
    });

    it('says a request never fits when its estimate exceeds the allowance plus the grants', async () => {
      const over = await currentStore().admit(admission([daily], { estimateMicros: 101 }));
      expect(over).toMatchObject({ admitted: false, refusal: { kind: 'budget', neverFits: true } });
      await currentStore().credit(daily, 50, T0);
      const tooBig = await currentStore().admit(admission([daily], { estimateMicros: 160 }));
      expect(!tooBig.admitted && tooBig.refusal.neverFits).toBe(true);
      const fits = await currentStore().admit(admission([daily], { estimateMicros: 120 }));
      expect(fits.admitted).toBe(true);
      // Refused now (30 left), but it would fit once the 120 settles for less: not "never".
      const later = await currentStore().admit(admission([daily], { estimateMicros: 140 }));
      expect(later).toMatchObject({ admitted: false, refusal: { kind: 'budget', neverFits: false } });
    });

    it('credits the current window, and a negative credit takes a grant back', async () => {
      const spend = await currentStore().admit(admission([daily], { estimateMicros: 100 }));
      await currentStore().settle(ticketOf(spend), { costMicros: 100, tokens: 0 }, T0);
      expect((await currentStore().admit(admission([daily], { estimateMicros: 10 }))).admitted).toBe(false);
      await currentStore().credit(daily, 50, T0);
      expect(await remainingBudget(daily, T0)).toBe(50);
      expect(
        (await currentStore().admit(admission([daily], { estimateMicros: 40 }))).state.budgetRemainingMicros,
      ).toBe(10);
      await currentStore().credit(daily, -50, T0);
      expect(await remainingBudget(daily, T0)).toBe(-40);
      // A grant belongs to its day.
      expect(await remainingBudget(daily, Date.UTC(2025, 0, 16))).toBe(100);
    });

    it('seeds a window only while it holds no spend', async () => {
      await currentStore().seed(daily, 70, T0);
      expect(await remainingBudget(daily, T0)).toBe(30);
      await currentStore().seed(daily, 10, T0 + 1);
      expect(await remainingBudget(daily, T0 + 1)).toBe(30);
      // The next day is a new window: seeded again.
      await currentStore().seed(daily, 25, Date.UTC(2025, 0, 16, 1));
      expect(await remainingBudget(daily, Date.UTC(2025, 0, 16, 2))).toBe(75);
    });

    it('seeds a window that holds only reservations, but not one that has been charged', async () => {
      const key = quotaSubject('key:seed', { budget: { allowanceMicros: 100, period: 'monthly' } });
      const pending = await currentStore().admit(admission([key], { estimateMicros: 20 }));
      await currentStore().seed(key, 50, T0);
      expect(await remainingBudget(key, T0)).toBe(30);
      await currentStore().settle(ticketOf(pending), { costMicros: 5, tokens: 0 }, T0);
      expect(await remainingBudget(key, T0)).toBe(45);

      const other = quotaSubject('key:seed-late', { budget: { allowanceMicros: 100, period: 'monthly' } });
      const charged = await currentStore().admit(admission([other], { estimateMicros: 20 }));
      await currentStore().settle(ticketOf(charged), { costMicros: 5, tokens: 0 }, T0);
      await currentStore().seed(other, 50, T0);
      expect(await remainingBudget(other, T0)).toBe(95);
    });

    it('checks key and team together: a team refusal leaves the key untouched', async () => {
      const key = quotaSubject('key:k', {
        budget: { allowanceMicros: 1000, period: 'daily' },
        rpm: 10,
        concurrency: 1,
      });
      const team = quotaSubject('team:t', { budget: { allowanceMicros: 50, period: 'daily' }, tpm: 100 });
      const refused = await currentStore().admit(
        admission([key, team], { estimateMicros: 100, estimateTokens: 10 }),
      );
      expect(refused).toMatchObject({ admitted: false, refusal: { kind: 'budget', subjectId: 'team:t' } });
      const state = await currentStore().peek([key], T0);
      expect(state.budgetRemainingMicros).toBe(1000);
      expect(state.requests).toEqual({ limit: 10, remaining: 10, resetMs: 0 });
      expect((await currentStore().peek([team], T0)).tokens).toEqual({
        limit: 100,
        remaining: 100,
        resetMs: 0,
      });
      // The key's single concurrency slot was not taken either.
      expect((await currentStore().admit(admission([key], { estimateMicros: 100 }))).admitted).toBe(true);
    });
  });

  describe('calendar windows', () => {
    const cases = [
      ['daily', Date.UTC(2025, 0, 15, 23, 59, 59, 999), Date.UTC(2025, 0, 16)],
      // 2025-01-19 is a Sunday: weeks start on Monday 00:00 UTC.
      ['weekly', Date.UTC(2025, 0, 19, 23, 59, 59, 999), Date.UTC(2025, 0, 20)],
      ['monthly', Date.UTC(2025, 0, 31, 23, 59, 59, 999), Date.UTC(2025, 1, 1)],
    ] as const;

    for (const [period, lastMs, nextMs] of cases) {
      it(`starts a ${period} budget afresh at the UTC boundary`, async () => {
        const key = quotaSubject(`key:${period}`, { budget: { allowanceMicros: 100, period } });
        const spend = await currentStore().admit(
          admission([key], { estimateMicros: 100, nowMs: lastMs - 1000 }),
        );
        await currentStore().settle(ticketOf(spend), { costMicros: 100, tokens: 0 }, lastMs - 500);
        const refused = await currentStore().admit(admission([key], { estimateMicros: 1, nowMs: lastMs }));
        expect(refused).toMatchObject({ admitted: false, refusal: { kind: 'budget', retryAfterMs: 1 } });
        const next = await currentStore().admit(admission([key], { estimateMicros: 1, nowMs: nextMs }));
        expect(next.admitted).toBe(true);
        expect(next.state.budgetRemainingMicros).toBe(99);
      });
    }

    it('gives a monthly refusal the time until the 1st of next month', async () => {
      const key = quotaSubject('key:m', { budget: { allowanceMicros: 10, period: 'monthly' } });
      const refused = await currentStore().admit(admission([key], { estimateMicros: 11 }));
      expect(!refused.admitted && refused.refusal.retryAfterMs).toBe(Date.UTC(2025, 1, 1) - T0);
    });

    it('settles a request reserved before midnight into the old window', async () => {
      const key = quotaSubject('key:midnight', { budget: { allowanceMicros: 100, period: 'daily' } });
      const beforeMidnight = Date.UTC(2025, 0, 15, 23, 59);
      const midnight = Date.UTC(2025, 0, 16);
      const pending = await currentStore().admit(
        admission([key], { estimateMicros: 60, nowMs: beforeMidnight }),
      );
      expect(
        (await currentStore().admit(admission([key], { estimateMicros: 50, nowMs: beforeMidnight + 1 })))
          .admitted,
      ).toBe(false);
      // The new day owes nothing to yesterday's reservation...
      expect(await remainingBudget(key, midnight + 30_000)).toBe(100);
      await currentStore().settle(ticketOf(pending), { costMicros: 80, tokens: 0 }, midnight + 60_000);
      // ...nor to its charge.
      expect(await remainingBudget(key, midnight + 60_000)).toBe(100);
    });
  });

  describe('rolling windows', () => {
    const windowMs = 5 * HOUR_MS;
    const bucketMs = windowMs / 60;

    it('ages a charge out no earlier than the window and at most one bucket later', async () => {
      const key = quotaSubject('key:rolling', { budget: { allowanceMicros: 100, period: 'rolling_5h' } });
      const chargedAt = T0 + 2 * MINUTE_MS;
      const spend = await currentStore().admit(admission([key], { estimateMicros: 100, nowMs: chargedAt }));
      await currentStore().settle(ticketOf(spend), { costMicros: 100, tokens: 0 }, chargedAt);
      const refused = await currentStore().admit(
        admission([key], { estimateMicros: 1, nowMs: chargedAt + 1 }),
      );
      expect(refused).toMatchObject({ admitted: false, refusal: { kind: 'budget', retryAfterMs: null } });
      expect(await remainingBudget(key, chargedAt + windowMs - 1)).toBe(0);
      expect(await remainingBudget(key, chargedAt + windowMs)).toBe(0);
      expect(await remainingBudget(key, chargedAt + windowMs + bucketMs)).toBe(100);
    });

    it('ages charges out bucket by bucket', async () => {
      const key = quotaSubject('key:buckets', { budget: { allowanceMicros: 100, period: 'rolling_5h' } });
      const start = Math.floor(T0 / bucketMs) * bucketMs;
      for (const [offsetMs, cost] of [
        [0, 10],
        [bucketMs, 20],
        [HOUR_MS, 30],
      ] as const) {
        const spend = await currentStore().admit(
          admission([key], { estimateMicros: 1, nowMs: start + offsetMs }),
        );
        await currentStore().settle(ticketOf(spend), { costMicros: cost, tokens: 0 }, start + offsetMs);
      }
      expect(await remainingBudget(key, start + windowMs)).toBe(40);
      expect(await remainingBudget(key, start + windowMs + bucketMs)).toBe(50);
      expect(await remainingBudget(key, start + windowMs + 2 * bucketMs)).toBe(70);
      expect(await remainingBudget(key, start + windowMs + HOUR_MS + bucketMs)).toBe(100);
      // A gap longer than the whole ring empties it too.
      expect(await remainingBudget(key, start + 10 * windowMs)).toBe(100);
    });

    it('keeps grants and seeds in the current bucket, ageing out like charges', async () => {
      const key = quotaSubject('key:rolling-credit', {
        budget: { allowanceMicros: 100, period: 'rolling_1d' },
      });
      const dayMs = 24 * HOUR_MS;
      await currentStore().seed(key, 80, T0);
      await currentStore().seed(key, 5, T0 + 1);
      expect(await remainingBudget(key, T0 + HOUR_MS)).toBe(20);
      await currentStore().credit(key, 30, T0 + 2 * HOUR_MS);
      expect(await remainingBudget(key, T0 + 2 * HOUR_MS)).toBe(50);
      // The seed leaves first; the grant goes a little later and the allowance is whole again.
      expect(await remainingBudget(key, T0 + dayMs + dayMs / 60)).toBe(130);
      expect(await remainingBudget(key, T0 + dayMs + 2 * HOUR_MS + dayMs / 60)).toBe(100);
    });
  });
}
