import type { Insertable, Selectable } from 'kysely';
import { readEnum } from './column-values.js';
import type { LedgerEntriesTable } from './database-schema.js';
import type { LedgerEntry, LedgerEntryKind } from './store-types.js';

const LEDGER_ENTRY_KINDS: readonly LedgerEntryKind[] = ['charge', 'grant', 'reset'];

export function toLedgerEntry(row: Selectable<LedgerEntriesTable>): LedgerEntry {
  return {
    id: row.id,
    createdAtMs: row.created_at,
    kind: readEnum(row.kind, LEDGER_ENTRY_KINDS, 'ledger_entries.kind'),
    keyId: row.key_id,
    teamId: row.team_id,
    amountMicros: row.amount_micros,
    requestId: row.request_id,
    model: row.model,
    actor: row.actor,
    note: row.note,
  };
}

/** Every column and nothing else: the SQLite fast path derives its column list from it. */
export function fromLedgerEntry(entry: LedgerEntry): Insertable<LedgerEntriesTable> {
  return {
    id: entry.id,
    created_at: entry.createdAtMs,
    kind: entry.kind,
    key_id: entry.keyId,
    team_id: entry.teamId,
    amount_micros: entry.amountMicros,
    request_id: entry.requestId,
    model: entry.model,
    actor: entry.actor,
    note: entry.note,
  };
}
