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

  replaceAll(rows: readonly ApiKeyRow[]): void {
    const next = new Map<string, AuthenticatedKey>();
    for (const row of rows) if (row.revokedAtMs === null) next.set(row.keyHash, toAuthenticatedKey(row));
    this.byHash = next;
  }

  upsert(row: ApiKeyRow): void {
    if (row.revokedAtMs === null) this.byHash.set(row.keyHash, toAuthenticatedKey(row));
    else this.byHash.delete(row.keyHash);
  }

  /** Removes a key by id at once (revocation must not wait for the next sync). */
  removeById(id: string): void {
    for (const [hash, key] of this.byHash) if (key.id === id) this.byHash.delete(hash);
  }

  authenticate(key: string): AuthenticatedKey | null {
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) return null;
    return this.byHash.get(hashApiKey(key)) ?? null;
  }

  get size(): number {
    return this.byHash.size;
  }
}

function toAuthenticatedKey(row: ApiKeyRow): AuthenticatedKey {
  return { id: row.id, name: row.name, models: row.models ? new Set(row.models) : null };
}
