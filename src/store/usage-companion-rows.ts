import type { Insertable } from 'kysely';
import type { RequestBodiesTable } from './database-schema.js';
import type { LedgerEntry, UsageRecord } from './store-types.js';

// What a usage record brings along when it is new: its charge and its logged bodies. Both append paths
// (SQLite's prepared statements, PostgreSQL's Kysely inserts) build them here so they cannot disagree.

/**
 * The charge a newly recorded request adds to the ledger, or null when it cost nothing. The id is derived
 * from the request id, so a request can never be charged twice.
 */
export function chargeEntryFor(record: UsageRecord): LedgerEntry | null {
  if (!(record.costMicros > 0)) return null;
  return {
    id: `chg_${record.requestId}`,
    createdAtMs: record.createdAtMs,
    kind: 'charge',
    keyId: record.keyId,
    teamId: record.teamId,
    amountMicros: -record.costMicros,
    requestId: record.requestId,
    model: record.model,
    actor: null,
    note: null,
  };
}

/** The `request_bodies` row of a record with logged bodies, or null. Every column and nothing else. */
export function requestBodiesRowFor(record: UsageRecord): Insertable<RequestBodiesTable> | null {
  if (record.bodies === undefined) return null;
  return {
    request_id: record.requestId,
    created_at: record.createdAtMs,
    expires_at: record.bodies.expiresAtMs,
    request_body: record.bodies.request,
    response_body: record.bodies.response,
  };
}
