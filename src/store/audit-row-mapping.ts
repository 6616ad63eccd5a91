import type { Insertable, Selectable } from 'kysely';
import type { AuditLogTable } from './database-schema.js';
import type { AuditEntry } from './store-types.js';

export function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    createdAtMs: row.created_at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before_json,
    after: row.after_json,
  };
}

export function fromAuditEntry(entry: AuditEntry): Insertable<AuditLogTable> {
  return {
    id: entry.id,
    created_at: entry.createdAtMs,
    actor_id: entry.actorId,
    actor_name: entry.actorName,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    before_json: entry.before,
    after_json: entry.after,
  };
}
