import { createHash } from 'node:crypto';
import type { ApiKeyRow } from '../store/store-types.js';

/** What the request path knows about a client key: no hash, no secret. */
export interface AuthenticatedKey {
  id: string;
  name: string;
  /** Allowed public model ids; null means every model. */
  models: ReadonlySet<string> | null;
}

/** Keys longer than this are rejected before hashing: nothing legitimate is that long. */
const MAX_KEY_LENGTH = 256;
const MAX_RECENT_KEYS = 10_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * In-process map from SHA-256(key) to key. Lookup by hash means no secret-dependent comparison
 * happens at all (the attacker does not control the hash), which is stronger than a constant-time
 * compare of the raw key.
 */
export class KeyCache {
  private byHash = new Map<string, AuthenticatedKey>();
  /**
   * Keys seen recently, by the presented string, so a busy key is hashed once rather than on every
   * request. Process memory only (never stored or logged); emptied on every key change, so a revoked
   * key cannot outlive its removal here. Only successful lookups are kept, bounded in size.
   */
  private recent = new Map<string, AuthenticatedKey>();

  replaceAll(rows: readonly ApiKeyRow[]): void {
    const next = new Map<string, AuthenticatedKey>();
    for (const row of rows) if (row.revokedAtMs === null) next.set(row.keyHash, toAuthenticatedKey(row));
    this.byHash = next;
    this.recent = new Map();
  }

  upsert(row: ApiKeyRow): void {
    if (row.revokedAtMs === null) this.byHash.set(row.keyHash, toAuthenticatedKey(row));
    else this.byHash.delete(row.keyHash);
    this.recent = new Map();
  }

  /** Removes a key by id at once (revocation must not wait for the next sync). */
  removeById(id: string): void {
    for (const [hash, key] of this.byHash) if (key.id === id) this.byHash.delete(hash);
    this.recent = new Map();
  }

  authenticate(key: string): AuthenticatedKey | null {
    const remembered = this.recent.get(key);
    if (remembered) return remembered;
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) return null;
    const found = this.byHash.get(hashApiKey(key)) ?? null;
    if (found) {
      if (this.recent.size >= MAX_RECENT_KEYS) this.recent = new Map();
      this.recent.set(key, found);
    }
    return found;
  }

  get size(): number {
    return this.byHash.size;
  }
}

function toAuthenticatedKey(row: ApiKeyRow): AuthenticatedKey {
  return { id: row.id, name: row.name, models: row.models ? new Set(row.models) : null };
}
