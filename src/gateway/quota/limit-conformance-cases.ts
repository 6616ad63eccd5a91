import { describe, expect, it } from 'vitest';
import {
  admission,
  quotaSubject,
  remainingBudget as remainingBudgetOf,
  T0,
  ticketOf,
} from './quota-conformance-fixtures.js';
import type { QuotaStore, QuotaSubject } from './quota-types.js';

/** RPM, TPM and concurrency, the state headers report, settle idempotency, races and lease expiry. */
export function describeLimitConformance(currentStore: () => QuotaStore): void {
  const remainingBudget = (subject: QuotaSubject, nowMs: number) =>
    remainingBudgetOf(currentStore(), subject, nowMs);

  describe('rate limits', () => {
    it('refills RPM continuously and says when the next request fits', async () => {
      const key = quotaSubject('key:rpm', { rpm: 2 });
      expect((await currentStore().admit(admission([key]))).state.requests).toEqual({
        limit: 2,
        remaining: 1,
        resetMs: 30_000,
      });
      expect((await currentStore().admit(admission([key]))).admitted).toBe(true);
      const refused = await currentStore().admit(admission([key]));
      expect(refused).toMatchObject({
        admitted: false,
        refusal: { kind: 'rpm', limit: 2, retryAfterMs: 30_000, neverFits: false },
        state: { requests: { limit: 2, remaining: 0, resetMs: 60_000 } },
      });
      const almost = await currentStore().admit(admission([key], { nowMs: T0 + 29_999 }));
      expect(!almost.admitted && almost.refusal.retryAfterMs).toBe(1);
      expect((await currentStore().admit(admission([key], { nowMs: T0 + 30_000 }))).admitted).toBe(true);
    });

    it('takes the TPM estimate up front and settles it to the tokens used', async () => {
      const key = quotaSubject('key:tpm', { tpm: 1000 });
      const first = await currentStore().admit(admission([key], { estimateTokens: 600 }));
      expect(first.state.tokens).toEqual({ limit: 1000, remaining: 400, resetMs: 36_000 });
      const refused = await currentStore().admit(admission([key], { estimateTokens: 500 }));
      expect(refused).toMatchObject({ admitted: false, refusal: { kind: 'tpm', retryAfterMs: 6_000 } });
      await currentStore().settle(ticketOf(first), { costMicros: 0, tokens: 100 }, T0);
      expect((await currentStore().peek([key], T0)).tokens?.remaining).toBe(900);
    });

    it('lets a request that used more than estimated put the TPM bucket in debt', async () => {
      const key = quotaSubject('key:debt', { tpm: 1000 });
      const first = await currentStore().admit(admission([key], { estimateTokens: 100 }));
      await currentStore().settle(ticketOf(first), { costMicros: 0, tokens: 3100 }, T0);
      // 1000 − 3100 = −2100 tokens: three minutes and six seconds to full.
      expect((await currentStore().peek([key], T0)).tokens).toEqual({
        limit: 1000,
        remaining: 0,
        resetMs: 186_000,
      });
      const refused = await currentStore().admit(admission([key], { estimateTokens: 1 }));
      expect(!refused.admitted && refused.refusal.retryAfterMs).toBe(126_060);
      expect(
        (await currentStore().admit(admission([key], { estimateTokens: 1, nowMs: T0 + 126_060 }))).admitted,
      ).toBe(true);
    });

    it('never refills TPM above its capacity when a settle gives tokens back', async () => {
      const key = quotaSubject('key:cap', { tpm: 1000 });
      const first = await currentStore().admit(admission([key], { estimateTokens: 500 }));
      await currentStore().settle(ticketOf(first), { costMicros: 0, tokens: 0 }, T0 + 60_000);
      expect((await currentStore().peek([key], T0 + 60_000)).tokens).toEqual({
        limit: 1000,
        remaining: 1000,
        resetMs: 0,
      });
      expect(
        (await currentStore().admit(admission([key], { estimateTokens: 1000, nowMs: T0 + 60_000 }))).admitted,
      ).toBe(true);
    });

    it('refuses a request above the TPM limit for good', async () => {
      const key = quotaSubject('key:tpm-never', { tpm: 1000 });
      const refused = await currentStore().admit(admission([key], { estimateTokens: 1001 }));
      expect(refused).toMatchObject({
        admitted: false,
        refusal: { kind: 'tpm', limit: 1000, retryAfterMs: null, neverFits: true },
      });
    });

    it('holds a concurrency slot per admitted request until it settles', async () => {
      const key = quotaSubject('key:concurrency', { concurrency: 2 });
      const first = await currentStore().admit(admission([key]));
      expect((await currentStore().admit(admission([key]))).admitted).toBe(true);
      const refused = await currentStore().admit(admission([key]));
      expect(refused).toMatchObject({
        admitted: false,
        refusal: { kind: 'concurrency', limit: 2, neverFits: false },
      });
      await currentStore().settle(ticketOf(first), { costMicros: 0, tokens: 0 }, T0 + 1);
      expect((await currentStore().admit(admission([key], { nowMs: T0 + 2 }))).admitted).toBe(true);
    });

    it('reports the most constrained subject of each kind', async () => {
      const key = quotaSubject('key:s', {
        rpm: 10,
        tpm: 5000,
        budget: { allowanceMicros: 500, period: 'daily' },
      });
      const team = quotaSubject('team:s', { rpm: 3, budget: { allowanceMicros: 200, period: 'monthly' } });
      const model = quotaSubject('model:s', { tpm: 800 });
      const admitted = await currentStore().admit(
        admission([key, team, model], { estimateMicros: 50, estimateTokens: 100 }),
      );
      expect(admitted.state).toEqual({
        requests: { limit: 3, remaining: 2, resetMs: 20_000 },
        tokens: { limit: 800, remaining: 700, resetMs: 7_500 },
        budgetRemainingMicros: 150,
      });
      expect(await currentStore().peek([quotaSubject('key:unlimited')], T0)).toEqual({
        requests: null,
        tokens: null,
        budgetRemainingMicros: null,
      });
    });
  });

  describe('settle and leases', () => {
    it('settles a ticket once: a second settle changes nothing', async () => {
      const key = quotaSubject('key:once', {
        budget: { allowanceMicros: 100, period: 'daily' },
        tpm: 1000,
        concurrency: 1,
      });
      const ticket = ticketOf(
        await currentStore().admit(admission([key], { estimateMicros: 40, estimateTokens: 500 })),
      );
      await currentStore().settle(ticket, { costMicros: 30, tokens: 100 }, T0);
      await currentStore().settle(ticket, { costMicros: 30, tokens: 100 }, T0);
      expect(await currentStore().peek([key], T0)).toMatchObject({
        budgetRemainingMicros: 70,
        tokens: { remaining: 900 },
      });
      // One slot freed, not two.
      expect((await currentStore().admit(admission([key]))).admitted).toBe(true);
      expect((await currentStore().admit(admission([key]))).admitted).toBe(false);
    });

    it('peeks without reserving or taking anything', async () => {
      const key = quotaSubject('key:peek', {
        rpm: 5,
        tpm: 100,
        budget: { allowanceMicros: 100, period: 'weekly' },
      });
      await currentStore().admit(admission([key], { estimateMicros: 10, estimateTokens: 10 }));
      const first = await currentStore().peek([key], T0);
      expect(await currentStore().peek([key], T0)).toEqual(first);
      expect(first).toEqual({
        requests: { limit: 5, remaining: 4, resetMs: 12_000 },
        tokens: { limit: 100, remaining: 90, resetMs: 6_000 },
        budgetRemainingMicros: 90,
      });
    });

    it('admits exactly as many of 100 concurrent requests as the budget covers', async () => {
      const key = quotaSubject('key:race', { budget: { allowanceMicros: 1000, period: 'daily' } });
      const results = await Promise.all(
        Array.from({ length: 100 }, () => currentStore().admit(admission([key], { estimateMicros: 100 }))),
      );
      expect(results.filter((result) => result.admitted)).toHaveLength(10);
      expect(await remainingBudget(key, T0)).toBe(0);
    });

    it('returns the slot and the reservation of a request never settled once its lease expires', async () => {
      const key = quotaSubject('key:lease', {
        budget: { allowanceMicros: 100, period: 'daily' },
        concurrency: 1,
      });
      const lost = ticketOf(
        await currentStore().admit(admission([key], { estimateMicros: 100, leaseMs: 10_000 })),
      );
      const held = await currentStore().admit(admission([key], { nowMs: T0 + 9_999 }));
      expect(held).toMatchObject({ admitted: false, refusal: { kind: 'concurrency' } });
      expect(await remainingBudget(key, T0 + 9_999)).toBe(0);
      expect(await remainingBudget(key, T0 + 10_000)).toBe(100);
      const next = await currentStore().admit(admission([key], { estimateMicros: 100, nowMs: T0 + 10_000 }));
      expect(next.admitted).toBe(true);
      // The lost request answering late changes nothing: its lease already gave everything back.
      await currentStore().settle(lost, { costMicros: 100, tokens: 0 }, T0 + 10_001);
      expect(await remainingBudget(key, T0 + 10_001)).toBe(0);
      expect((await currentStore().admit(admission([key], { nowMs: T0 + 10_002 }))).admitted).toBe(false);
    });
  });
}
