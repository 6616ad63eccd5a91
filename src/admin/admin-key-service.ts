import { GatewayError, InvalidRequestError } from '../api/gateway-error.js';
import { hashApiKey } from '../gateway/key-cache.js';
import type { Store } from '../store/store.js';
import type { AdminKeyRow, AdminRole } from '../store/store-types.js';
import type { AdminRuntime } from './admin-runtime.js';
import { toIsoTime } from './admin-views.js';
import { generateApiKey, toKeyHint } from './api-key-material.js';
import { type AdminActor, adminChangeRecorder } from './audit-recorder.js';
import { newId } from './new-id.js';

/** How an admin key is shown: never the hash, never the key (except once, at creation). */
export interface AdminKeyView {
  id: string;
  object: 'admin_key';
  name: string;
  role: AdminRole;
  key_hint: string;
  created_at: string;
  revoked_at: string | null;
}

const ROLES: readonly AdminRole[] = ['admin', 'viewer'];
const NAME_PATTERN = /^[\p{L}\p{N} _.@:-]{1,64}$/u;
/** The key OPT_ADMIN_KEY installs: revoking it would stop the next start (a revoked key is never reused). */
const ENVIRONMENT_KEY_NAME = 'env:OPT_ADMIN_KEY';

/** Admin keys of both roles: `admin` may change anything, `viewer` may only read (the console's read-only users). */
export class AdminKeyService {
  private readonly record;

  constructor(
    private readonly store: Store,
    runtime: AdminRuntime,
  ) {
    this.record = adminChangeRecorder(store, runtime, 'admin_key');
  }

  async create(
    input: Record<string, unknown>,
    actor: AdminActor,
    nowMs: number,
  ): Promise<AdminKeyView & { key: string }> {
    const unknown = Object.keys(input).find((field) => field !== 'name' && field !== 'role');
    if (unknown !== undefined)
      throw new InvalidRequestError(`Unknown field '${unknown.slice(0, 64)}'.`, unknown);
    const name = typeof input.name === 'string' ? input.name.trim() : input.name;
    if (typeof name !== 'string' || !NAME_PATTERN.test(name) || name === ENVIRONMENT_KEY_NAME) {
      throw new InvalidRequestError(
        '`name` must be 1-64 letters, digits, spaces or _.@:- characters.',
        'name',
      );
    }
    const role = input.role ?? 'viewer';
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
      throw new InvalidRequestError("`role` must be 'admin' or 'viewer'.", 'role');
    }
    const key = generateApiKey('sk-opt-admin-');
    const row: AdminKeyRow = {
      id: newId('adm'),
      name,
      keyHash: hashApiKey(key),
      keyHint: toKeyHint(key),
      role: role as AdminRole,
      createdAtMs: nowMs,
      revokedAtMs: null,
    };
    await this.store.insertAdminKey(row);
    const view = toAdminKeyView(row);
    await this.record(actor, 'admin_key.create', row.id, null, view, nowMs);
    return { ...view, key };
  }

  async list(includeRevoked: boolean): Promise<AdminKeyView[]> {
    return (await this.store.listAdminKeys({ includeRevoked })).map(toAdminKeyView);
  }

  async revoke(id: string, actor: AdminActor, nowMs: number): Promise<AdminKeyView> {
    const all = await this.store.listAdminKeys({ includeRevoked: true });
    const row = all.find((candidate) => candidate.id === id);
    if (!row)
      throw new GatewayError('not_found', `No admin key with id '${id.slice(0, 80)}'.`, { param: 'id' });
    if (row.revokedAtMs !== null) return toAdminKeyView(row);
    if (row.name === ENVIRONMENT_KEY_NAME) {
      throw new GatewayError(
        'conflict',
        'This key comes from OPT_ADMIN_KEY; set a new OPT_ADMIN_KEY and restart to replace it.',
      );
    }
    const otherAdmins = all.filter(
      (candidate) => candidate.revokedAtMs === null && candidate.role === 'admin' && candidate.id !== id,
    );
    if (row.role === 'admin' && otherAdmins.length === 0) {
      throw new GatewayError('conflict', 'This is the last admin key; create another before revoking it.');
    }
    const before = toAdminKeyView(row);
    await this.store.revokeAdminKey(id, nowMs);
    const after = toAdminKeyView({ ...row, revokedAtMs: nowMs });
    await this.record(actor, 'admin_key.revoke', id, before, after, nowMs);
    return after;
  }
}

export function toAdminKeyView(row: AdminKeyRow): AdminKeyView {
  return {
    id: row.id,
    object: 'admin_key',
    name: row.name,
    role: row.role,
    key_hint: row.keyHint,
    created_at: toIsoTime(row.createdAtMs),
    revoked_at: toIsoTime(row.revokedAtMs),
  };
}
