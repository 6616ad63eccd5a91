/** A budget's owner as the admin API names it. */
export type BudgetOwner = { kind: 'key'; id: string } | { kind: 'team'; id: string };

/** Live view of a budget from the running gateway's counters (includes in-flight reservations). */
export interface LiveBudget {
  remainingMicros: number | null;
}

/**
 * What admin services need from the running gateway, kept as an interface so `src/admin` stays
 * framework- and wiring-free (the CLI passes a runtime that only knows the models it can see).
 */
export interface AdminRuntime {
  /** The currency every amount is in, e.g. `CNY`. */
  readonly currency: string;
  /** Public model ids some channel serves; null when unknown (the CLI without a config). */
  knownModels(): ReadonlySet<string> | null;
  /**
   * Reloads keys, teams and prices into this process's caches at once (other instances notice the
   * bumped keys version within a second).
   */
  refresh(): Promise<void>;
  /** Applies a grant (already written to the ledger) to the live budget counters. */
  credit(owner: BudgetOwner, amountMicros: number, nowMs: number): Promise<void>;
  /** The live remaining budget, or null when the owner has no budget. */
  liveBudget(owner: BudgetOwner, nowMs: number): Promise<LiveBudget>;
}
