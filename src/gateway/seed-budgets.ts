import { budgetWindow } from '../api/budget-period.js';
import type { Store } from '../store/store.js';
import type { QuotaStore, QuotaSubject } from './quota/quota-types.js';

/**
 * Loads each budget's spend in its current window from the ledger into the quota store, so a restart (or
 * a new instance) starts from what was really spent. Seeding is "only if absent" in the quota store, so
 * an instance joining a Redis that already counts changes nothing. A subject is seeded once per period
 * setting; calendar windows that begin later start empty, as they should.
 */
export class BudgetSeeder {
  private readonly seeded = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly quota: QuotaStore,
  ) {}

  async seed(subjects: readonly QuotaSubject[], nowMs: number): Promise<void> {
    for (const subject of subjects) {
      const budget = subject.budget;
      if (!budget) continue;
      const seedKey = `${subject.id}|${JSON.stringify(budget.period)}`;
      if (this.seeded.has(seedKey)) continue;
      const window = budgetWindow(budget.period, nowMs);
      const [kind, id] = splitSubjectId(subject.id);
      const totals = await this.store.sumLedger({
        ...(kind === 'key' ? { keyId: id } : { teamId: id }),
        fromMs: window.startMs,
      });
      await this.quota.seed(subject, totals.debitsMicros - totals.creditsMicros, nowMs);
      this.seeded.add(seedKey);
    }
  }
}

function splitSubjectId(subjectId: string): ['key' | 'team', string] {
  const separator = subjectId.indexOf(':');
  const kind = subjectId.slice(0, separator);
  if (kind !== 'key' && kind !== 'team') throw new Error(`No budget ledger for subject ${subjectId}`);
  return [kind, subjectId.slice(separator + 1)];
}
