import { ConfigError } from '../config/config-error.js';
import { hashApiKey } from '../gateway/key-cache.js';
import type { Store } from '../store/store.js';
import { generateApiKey, toKeyHint } from './api-key-material.js';
import { newId } from './new-id.js';

/** Keys generated at this start; the caller prints them once (they are never stored or shown again). */
export interface GeneratedKey {
  kind: 'admin' | 'client';
  name: string;
  key: string;
}

/**
 * OPT_ADMIN_KEY wins when set (and replaces an earlier env-provided key); otherwise the first start
 * generates an admin key. Stored hashed either way. (Client keys from the config: sync-config-tenancy.ts.)
 */
export async function ensureAdminKey(
  store: Store,
  adminKey: string | null,
  now: number,
): Promise<GeneratedKey[]> {
  const existing = await store.listAdminKeys();
  if (adminKey) {
    const hash = hashApiKey(adminKey);
    if (existing.some((row) => row.keyHash === hash)) return [];
    // key_hash is unique and a revocation is final: refuse before revoking anything.
    const revoked = await store.listAdminKeys({ includeRevoked: true });
    if (revoked.some((row) => row.keyHash === hash)) {
      throw new ConfigError('environment', 'OPT_ADMIN_KEY', 'this key was revoked earlier; set a new one');
    }
    for (const row of existing) if (row.name === 'env:OPT_ADMIN_KEY') await store.revokeAdminKey(row.id, now);
    await store.insertAdminKey({
      id: newId('adm'),
      name: 'env:OPT_ADMIN_KEY',
      keyHash: hash,
      keyHint: toKeyHint(adminKey),
      role: 'admin',
      createdAtMs: now,
      revokedAtMs: null,
    });
    return [];
  }
  if (existing.length > 0) return [];
  const key = generateApiKey('sk-opt-admin-');
  await store.insertAdminKey({
    id: newId('adm'),
    name: 'generated',
    keyHash: hashApiKey(key),
    keyHint: toKeyHint(key),
    role: 'admin',
    createdAtMs: now,
    revokedAtMs: null,
  });
  return [{ kind: 'admin', name: 'admin', key }];
}
