import { afterEach, beforeEach, describe } from 'vitest';
import { describeBudgetConformance } from './budget-conformance-cases.js';
import { describeLimitConformance } from './limit-conformance-cases.js';
import type { QuotaStore } from './quota-types.js';

export interface OpenedQuotaStore {
  store: QuotaStore;
  dispose(): Promise<void>;
}

/**
 * One behaviour suite for every QuotaStore: the memory store and the Redis scripts must give the same
 * answers to the same calls. Each test opens a fresh store; times come from the arguments only.
 */
export function describeQuotaStoreConformance(name: string, open: () => Promise<OpenedQuotaStore>): void {
  describe(`QuotaStore conformance: ${name}`, () => {
    let opened: OpenedQuotaStore | null = null;

    beforeEach(async () => {
      opened = await open();
    });

    afterEach(async () => {
      await opened?.dispose();
      opened = null;
    });

    const currentStore = (): QuotaStore => {
      if (!opened) throw new Error('no store is open outside a test');
      return opened.store;
    };
    describeBudgetConformance(currentStore);
    describeLimitConformance(currentStore);
  });
}
