import { randomUUID } from 'node:crypto';
import { ConfigError } from '../config/config-error.js';
import type { KeyConfig } from '../config/config-types.js';
import { hashApiKey } from '../gateway/key-cache.js';
import type { Store } from '../store/store.js';
import { generateApiKey, toKeyHint } from './api-key-material.js';

/** Keys generated at this start; the caller prints them once (they are never stored or shown again). */
export interface GeneratedKey {
  kind: 'admin' | 'client';
  name: string;
  key: string;
}

function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

/**
 * OPT_ADMIN_KEY wins when set (and replaces an earlier env-provided key); otherwise the first start
 * generates an admin key. Stored hashed either way.
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

/**
 * Makes the store match the config's `keys:` list. The config owns the keys it declares: a changed
 * secret replaces the old one, a removed entry is revoked, and an entry without `key` gets one
 * generated at its first start.
 */
export async function syncConfigKeys(
  store: Store,
  keys: readonly KeyConfig[],
  now: number,
): Promise<GeneratedKey[]> {
  const generated: GeneratedKey[] = [];
  const all = await store.listApiKeys({ includeRevoked: true });
  const current = all.filter((row) => row.source === 'config' && row.revokedAtMs === null);
  // key_hash is unique: a secret a row already holds (say one an admin revoked) is never inserted again.
  const storedHashes = new Set(all.map((row) => row.keyHash));
  const declared = new Set(keys.map((key) => key.name));
  for (const row of current) if (!declared.has(row.name)) await store.revokeApiKey(row.id, now);
  for (const key of keys) {
    const existing = current.find((row) => row.name === key.name);
    const hash = key.key ? hashApiKey(key.key) : null;
    if (existing && (hash === null || existing.keyHash === hash)) {
      if (JSON.stringify(existing.models) !== JSON.stringify(key.models)) {
        await store.updateApiKeyModels(existing.id, key.models);
      }
      continue;
    }
    if (existing) await store.revokeApiKey(existing.id, now);
    if (hash !== null && storedHashes.has(hash)) continue;
    const secret = key.key ?? generateApiKey();
    if (!key.key) generated.push({ kind: 'client', name: key.name, key: secret });
    await store.insertApiKey({
      id: newId('key'),
      name: key.name,
      keyHash: hashApiKey(secret),
      keyHint: toKeyHint(secret),
      models: key.models,
      source: 'config',
      createdAtMs: now,
      revokedAtMs: null,
    });
  }
  return generated;
}
