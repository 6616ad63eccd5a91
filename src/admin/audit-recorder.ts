import type { Store } from '../store/store.js';
import type { AuditEntry } from '../store/store-types.js';
import type { AdminRuntime } from './admin-runtime.js';
import { toIsoTime } from './admin-views.js';
import { newId } from './new-id.js';

/** Who made a change: an admin key (id and name), or `config` / `cli` for changes made outside the API. */
export interface AdminActor {
  id: string | null;
  name: string;
}

export const CONFIG_ACTOR: AdminActor = { id: null, name: 'config' };
export const CLI_ACTOR: AdminActor = { id: null, name: 'cli' };

export interface AuditChange {
  actor: AdminActor;
  /** Dotted verb: `team.create`, `key.update`, `price.delete`, `ledger.grant`, ... */
  action: string;
  targetType: 'team' | 'key' | 'member' | 'price' | 'admin_key' | 'channel';
  targetId: string | null;
  /** Admin views (never a key, hash or credential); null when there is no before or after. */
  before: unknown;
  after: unknown;
  nowMs: number;
}

/**
 * Field names that hold secrets anywhere in OPT. Views never carry them; dropping them here as well
 * means a future view that slips one in still cannot leak it into the audit log.
 */
const SECRET_FIELDS = new Set([
  'key',
  'key_hash',
  'keyHash',
  'api_key',
  'apiKey',
  'apiKeys',
  'headers',
  'secret',
  'password',
]);

export async function recordAudit(store: Store, change: AuditChange): Promise<void> {
  const entry: AuditEntry = {
    id: newId('aud'),
    createdAtMs: change.nowMs,
    actorId: change.actor.id,
    actorName: change.actor.name,
    action: change.action,
    targetType: change.targetType,
    targetId: change.targetId,
    before: toAuditJson(change.before),
    after: toAuditJson(change.after),
  };
  await store.appendAuditEntry(entry);
}

/** Records one admin API change to a target of the type the recorder was made for. */
export type AdminChangeRecorder = (
  actor: AdminActor,
  action: string,
  targetId: string,
  before: unknown,
  after: unknown,
  nowMs: number,
) => Promise<void>;

/**
 * For the admin services: audits each change to a `targetType` target, then reloads the running
 * gateway's caches so the change applies at once.
 */
export function adminChangeRecorder(
  store: Store,
  runtime: AdminRuntime,
  targetType: AuditChange['targetType'],
): AdminChangeRecorder {
  return async (actor, action, targetId, before, after, nowMs) => {
    await recordAudit(store, { actor, action, targetType, targetId, before, after, nowMs });
    await runtime.refresh();
  };
}

function toAuditJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(value, (name, field) => (SECRET_FIELDS.has(name) ? undefined : field));
}

/** The admin API's view of an audit entry; before/after are parsed back into objects. */
export function toAuditView(entry: AuditEntry) {
  return {
    id: entry.id,
    object: 'audit_entry' as const,
    created_at: toIsoTime(entry.createdAtMs),
    actor_id: entry.actorId,
    actor_name: entry.actorName,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    before: parseStoredJson(entry.before),
    after: parseStoredJson(entry.after),
  };
}

function parseStoredJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    // Written by us, so this means a hand-edited row: show the text rather than failing the whole page.
    return text;
  }
}
