import { ConfigError } from '../config/config-error.js';
import type { KeyConfig } from '../config/config-types.js';
import { hashApiKey } from '../gateway/key-cache.js';
import type { Store } from '../store/store.js';
import type { ApiKeyRow } from '../store/store-types.js';
import { toApiKeyView } from './admin-views.js';
import { generateApiKey, toKeyHint } from './api-key-material.js';
import { CONFIG_ACTOR, recordAudit } from './audit-recorder.js';
import type { GeneratedKey } from './bootstrap-keys.js';
import { toCanonicalJson } from './canonical-json.js';
import { newId } from './new-id.js';

/** The settings of a key the config declares, as stored. */
type KeySettings = Pick<
  ApiKeyRow,
  'models' | 'teamId' | 'budget' | 'limits' | 'expiresAtMs' | 'allowIps' | 'promptLogging'
>;

/**
 * Makes the store match the config's `keys:` list. The config owns the keys it declares: a changed
 * secret replaces the old one, changed settings are updated in place, a removed entry is revoked, and an
 * entry without `key` gets one generated at its first start. `teamIds` maps the config's team names to
 * ids (the teams are synced first). Every change is audited with the actor `config`.
 */
export async function syncConfigKeys(
  store: Store,
  keys: readonly KeyConfig[],
  teamIds: ReadonlyMap<string, string>,
  nowMs: number,
): Promise<GeneratedKey[]> {
  const generated: GeneratedKey[] = [];
  const teamNames = new Map([...teamIds].map(([name, id]) => [id, name]));
  const viewOf = (row: ApiKeyRow) => toApiKeyView(row, teamNames.get(row.teamId ?? '') ?? null, nowMs);
  const audit = (action: string, before: ApiKeyRow | null, after: ApiKeyRow) =>
    recordAudit(store, {
      actor: CONFIG_ACTOR,
      action,
      targetType: 'key',
      targetId: after.id,
      before: before && viewOf(before),
      after: viewOf(after),
      nowMs,
    });
  const revoke = async (row: ApiKeyRow) => {
    await store.revokeApiKey(row.id, nowMs);
    await audit('key.revoke', row, { ...row, revokedAtMs: nowMs });
  };

  const all = await store.listApiKeys({ includeRevoked: true });
  const current = all.filter((row) => row.source === 'config' && row.revokedAtMs === null);
  // key_hash is unique: a secret a row already holds (say one an admin revoked) is never inserted again.
  const storedHashes = new Set(all.map((row) => row.keyHash));
  const declared = new Set(keys.map((key) => key.name));
  for (const row of current) if (!declared.has(row.name)) await revoke(row);
  for (const key of keys) {
    const settings = toKeySettings(key, teamIds);
    const existing = current.find((row) => row.name === key.name);
    const hash = key.key ? hashApiKey(key.key) : null;
    if (existing && (hash === null || existing.keyHash === hash)) {
      if (!sameSettings(existing, settings)) {
        const next: ApiKeyRow = { ...existing, ...settings, updatedAtMs: nowMs };
        await store.updateApiKey(next);
        await audit('key.update', existing, next);
      }
      continue;
    }
    if (existing) await revoke(existing);
    if (hash !== null && storedHashes.has(hash)) continue;
    const secret = key.key ?? generateApiKey();
    if (!key.key) generated.push({ kind: 'client', name: key.name, key: secret });
    const row: ApiKeyRow = {
      id: newId('key'),
      name: key.name,
      keyHash: hashApiKey(secret),
      keyHint: toKeyHint(secret),
      source: 'config',
      createdAtMs: nowMs,
      revokedAtMs: null,
      disabledAtMs: null,
      updatedAtMs: nowMs,
      ...settings,
    };
    await store.insertApiKey(row);
    await audit('key.create', null, row);
  }
  return generated;
}

function toKeySettings(key: KeyConfig, teamIds: ReadonlyMap<string, string>): KeySettings {
  let teamId: string | null = null;
  if (key.team !== null) {
    teamId = teamIds.get(key.team) ?? null;
    // The config loader checks this already; a store out of step must not silently drop the team.
    if (teamId === null)
      throw new ConfigError('config', `keys.${key.name}.team`, `no team named ${key.team}`);
  }
  return {
    models: key.models,
    teamId,
    budget: key.budget,
    limits: key.limits,
    expiresAtMs: key.expiresAtMs,
    allowIps: key.allowIps,
    promptLogging: key.promptLogging,
  };
}

function sameSettings(row: ApiKeyRow, settings: KeySettings): boolean {
  const stored: KeySettings = {
    models: row.models,
    teamId: row.teamId,
    budget: row.budget,
    limits: row.limits,
    expiresAtMs: row.expiresAtMs,
    allowIps: row.allowIps,
    promptLogging: row.promptLogging,
  };
  return toCanonicalJson(stored) === toCanonicalJson(settings);
}
