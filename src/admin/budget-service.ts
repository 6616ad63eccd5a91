import { budgetWindow, parseBudgetPeriod } from '../api/budget-period.js';
import { GatewayError, InvalidRequestError } from '../api/gateway-error.js';
import { formatMicros } from '../api/money.js';
import type { Store } from '../store/store.js';
import type { BudgetSetting, LedgerEntry, LedgerQuery } from '../store/store-types.js';
import { requireKey, requireLiveKey, requireLiveTeam, requireTeam } from './admin-lookups.js';
import type { AdminRuntime, BudgetOwner } from './admin-runtime.js';
import { toIsoTime } from './admin-views.js';
import { type AdminActor, recordAudit } from './audit-recorder.js';
import { type LedgerView, toLedgerView } from './billing-views.js';
import { readBody, readMoney } from './json-input-fields.js';
import { newId } from './new-id.js';
import { MAX_NOTE_LENGTH } from './tenancy-rules.js';

/**
 * Budgets as the ledger sees them. Balances are never stored: spent and granted are sums of the
 * immutable ledger entries in the budget's current window, and a grant or reset is one more entry.
 */
export class BudgetService {
  constructor(
    private readonly store: Store,
    private readonly runtime: AdminRuntime,
  ) {}

  async view(owner: BudgetOwner, nowMs: number) {
    const { budget } = await this.load(owner, false);
    return this.toView(owner, budget, nowMs);
  }

  /** `{amount, note?}`: an admin top-up, added to the budget of the current window. */
  async grant(owner: BudgetOwner, body: unknown, actor: AdminActor, nowMs: number): Promise<LedgerView> {
    const object = readBody(body, ['amount', 'note']);
    const amountMicros = readMoney(object.amount, 'amount');
    if (amountMicros === 0) throw new InvalidRequestError('`amount` must be above 0.', 'amount');
    const note = readNote(object.note);
    await this.load(owner, true);
    const entry = this.newEntry(owner, 'grant', amountMicros, actor, note, nowMs);
    return this.append(owner, entry, 'ledger.grant', actor, nowMs);
  }

  /**
   * Gives back what the current window has spent net of earlier grants and resets, so the owner starts
   * the window afresh. Nothing to give back: no entry, just the budget view.
   */
  async reset(owner: BudgetOwner, actor: AdminActor, nowMs: number) {
    const { budget } = await this.load(owner, true);
    if (budget === null) throw new GatewayError('conflict', 'There is no budget to reset.');
    const before = await this.toView(owner, budget, nowMs);
    const netSpendMicros = before.spent_micros - before.granted_micros;
    if (netSpendMicros <= 0) return { ...before, ledger_entry: null };
    const entry = this.newEntry(owner, 'reset', netSpendMicros, actor, null, nowMs);
    const ledgerEntry = await this.append(owner, entry, 'ledger.reset', actor, nowMs);
    return { ...(await this.toView(owner, budget, nowMs)), ledger_entry: ledgerEntry };
  }

  private async load(owner: BudgetOwner, forChange: boolean): Promise<{ budget: BudgetSetting | null }> {
    if (owner.kind === 'key') {
      const key = forChange
        ? await requireLiveKey(this.store, owner.id)
        : await requireKey(this.store, owner.id);
      return { budget: key.budget };
    }
    const team = forChange
      ? await requireLiveTeam(this.store, owner.id)
      : await requireTeam(this.store, owner.id);
    return { budget: team.budget };
  }

  private newEntry(
    owner: BudgetOwner,
    kind: 'grant' | 'reset',
    amountMicros: number,
    actor: AdminActor,
    note: string | null,
    nowMs: number,
  ): LedgerEntry {
    return {
      id: newId(kind === 'grant' ? 'grt' : 'rst'),
      createdAtMs: nowMs,
      kind,
      keyId: owner.kind === 'key' ? owner.id : null,
      teamId: owner.kind === 'team' ? owner.id : null,
      amountMicros,
      requestId: null,
      model: null,
      actor: actor.name,
      note,
    };
  }

  /** The ledger first (it is the record), then the live counters, then the audit log. */
  private async append(
    owner: BudgetOwner,
    entry: LedgerEntry,
    action: string,
    actor: AdminActor,
    nowMs: number,
  ): Promise<LedgerView> {
    await this.store.appendLedgerEntries([entry]);
    await this.runtime.credit(owner, entry.amountMicros, nowMs);
    const view = toLedgerView(entry, this.runtime.currency);
    await recordAudit(this.store, {
      actor,
      action,
      targetType: owner.kind,
      targetId: owner.id,
      before: null,
      after: view,
      nowMs,
    });
    return view;
  }

  private async toView(owner: BudgetOwner, budget: BudgetSetting | null, nowMs: number) {
    const period = budget ? parseBudgetPeriod(budget.period) : null;
    const window = period ? budgetWindow(period, nowMs) : null;
    const query: LedgerQuery = owner.kind === 'key' ? { keyId: owner.id } : { teamId: owner.id };
    // Without a budget there is no window: spent and granted are then all-time sums.
    if (window) query.fromMs = window.startMs;
    const totals = await this.store.sumLedger(query);
    const remainingMicros = budget ? budget.amountMicros + totals.creditsMicros - totals.debitsMicros : null;
    const live = await this.runtime.liveBudget(owner, nowMs);
    return {
      object: 'budget' as const,
      owner_type: owner.kind,
      owner_id: owner.id,
      currency: this.runtime.currency,
      amount: budget ? formatMicros(budget.amountMicros) : null,
      amount_micros: budget?.amountMicros ?? null,
      period: budget?.period ?? null,
      window_start: window ? toIsoTime(window.startMs) : null,
      window_end: window ? toIsoTime(window.endMs) : null,
      spent: formatMicros(totals.debitsMicros),
      spent_micros: totals.debitsMicros,
      granted: formatMicros(totals.creditsMicros),
      granted_micros: totals.creditsMicros,
      remaining: remainingMicros === null ? null : formatMicros(remainingMicros),
      remaining_micros: remainingMicros,
      live_remaining: live.remainingMicros === null ? null : formatMicros(live.remainingMicros),
      live_remaining_micros: live.remainingMicros,
    };
  }
}

export type BudgetView = Awaited<ReturnType<BudgetService['view']>>;

function readNote(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (
    typeof value !== 'string' ||
    value.length > MAX_NOTE_LENGTH ||
    /\p{Cc}/u.test(value.replace(/\n/g, ''))
  ) {
    throw new InvalidRequestError(`\`note\` must be text of at most ${MAX_NOTE_LENGTH} characters.`, 'note');
  }
  return value;
}
