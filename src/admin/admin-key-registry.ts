import { hashApiKey } from '../gateway/key-cache.js';
import type { AdminKeyRow, AdminRole } from '../store/store-types.js';

export interface AuthenticatedAdmin {
  id: string;
  name: string;
  role: AdminRole;
}

/** Admin keys by hash, mirrored from the store like client keys, so admin auth needs no query either. */
export class AdminKeyRegistry {
  private byHash = new Map<string, AuthenticatedAdmin>();

  replaceAll(rows: readonly AdminKeyRow[]): void {
    const next = new Map<string, AuthenticatedAdmin>();
    for (const row of rows) {
      if (row.revokedAtMs === null) next.set(row.keyHash, { id: row.id, name: row.name, role: row.role });
    }
    this.byHash = next;
  }

  authenticate(key: string): AuthenticatedAdmin | null {
    if (key.length === 0 || key.length > 256) return null;
    return this.byHash.get(hashApiKey(key)) ?? null;
  }
}
