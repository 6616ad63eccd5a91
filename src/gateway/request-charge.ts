import type { PriceRow } from '../store/store-types.js';
import { computeCostMicros } from './pricing/compute-cost.js';
import type { QuotaStore, QuotaTicket } from './quota/quota-types.js';

/** The token counts a charge is computed from. */
export interface ChargeableCounts {
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
}

interface ChargeLogger {
  error(object: object, message: string): void;
}

/**
 * One request's price and reservation: turns its final token counts into a cost and settles the
 * reservation made before the upstream call. The meter calls `settle` exactly once (its outcome is
 * idempotent), so a request is charged once however it ends.
 */
export class RequestCharge {
  ticket: QuotaTicket | null = null;

  constructor(
    private price: PriceRow | null,
    private readonly multiplierPpm: number,
    private readonly tpmCountsCachedTokens: boolean,
    private readonly quota: QuotaStore,
    private readonly now: () => number,
    private readonly log: ChargeLogger,
  ) {}

  /**
   * A fallback model served the request: it is charged at that model's price (the reservation made at
   * the requested model's price stays as it was; settle replaces it with the real cost).
   */
  usePrice(price: PriceRow | null): void {
    this.price = price;
  }

  /** Micro-units after the team's multiplier; 0 for a model without a price. */
  costOf(counts: ChargeableCounts): number {
    return this.price ? computeCostMicros(counts, this.price, this.multiplierPpm) : 0;
  }

  get isPriced(): boolean {
    return this.price !== null;
  }

  /** Releases the reservation for the real cost. Never rejects: a failed settle is logged, and its lease expires. */
  settle(costMicros: number, counts: ChargeableCounts): Promise<void> {
    const ticket = this.ticket;
    if (!ticket) return Promise.resolve();
    this.ticket = null;
    const uncached = Math.max(0, counts.promptTokens - counts.cachedTokens);
    const tokens = (this.tpmCountsCachedTokens ? counts.promptTokens : uncached) + counts.completionTokens;
    return this.quota.settle(ticket, { costMicros, tokens }, this.now()).catch((error: unknown) => {
      this.log.error(
        { requestId: ticket.requestId, error: error instanceof Error ? error.message : String(error) },
        'settling the quota reservation failed; it is released when its lease expires',
      );
    });
  }
}
