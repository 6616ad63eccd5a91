import { formatMicros } from '../api/money.js';
import type { LedgerEntry, LedgerTotals, PriceRow } from '../store/store-types.js';
import { toIsoTime } from './admin-views.js';

/** Prices, ledger entries and totals as the admin API shows them: decimal strings plus `_micros` twins. */

/** Prices are per million tokens. The currency is null only in audit entries written without one (boot sync in tests). */
export function toPriceView(row: PriceRow, currency: string | null) {
  return {
    object: 'price' as const,
    model: row.model,
    input: formatMicros(row.inputMicros),
    input_micros: row.inputMicros,
    cached_input: formatMicros(row.cachedInputMicros),
    cached_input_micros: row.cachedInputMicros,
    output: formatMicros(row.outputMicros),
    output_micros: row.outputMicros,
    currency,
    source: row.source,
    updated_at: toIsoTime(row.updatedAtMs),
  };
}

export type PriceView = ReturnType<typeof toPriceView>;

/** `amount` is signed: grants and resets positive, charges negative. */
export function toLedgerView(entry: LedgerEntry, currency: string) {
  return {
    id: entry.id,
    object: 'ledger_entry' as const,
    created_at: toIsoTime(entry.createdAtMs),
    kind: entry.kind,
    key_id: entry.keyId,
    team_id: entry.teamId,
    amount: formatMicros(entry.amountMicros),
    amount_micros: entry.amountMicros,
    currency,
    request_id: entry.requestId,
    model: entry.model,
    actor: entry.actor,
    note: entry.note,
  };
}

export type LedgerView = ReturnType<typeof toLedgerView>;

/** Credits (grants, resets) and debits (charges) as positive numbers; net = credits − debits. */
export function toLedgerTotalsView(totals: LedgerTotals, currency: string) {
  const netMicros = totals.creditsMicros - totals.debitsMicros;
  return {
    object: 'ledger_totals' as const,
    currency,
    credits: formatMicros(totals.creditsMicros),
    credits_micros: totals.creditsMicros,
    debits: formatMicros(totals.debitsMicros),
    debits_micros: totals.debitsMicros,
    net: formatMicros(netMicros),
    net_micros: netMicros,
    entries: totals.entries,
  };
}
