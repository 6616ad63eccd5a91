import { randomUUID } from 'node:crypto';
import { GatewayError, InvalidRequestError } from '../api/gateway-error.js';
import { hashApiKey, type KeyCache } from '../gateway/key-cache.js';
import type { Store } from '../store/store.js';
import type { ApiKeyRow } from '../store/store-types.js';
import { generateApiKey, toKeyHint } from './api-key-material.js';

/** How a key is shown by the admin API and the CLI: never the hash, never the key (except once, at creation). */
export interface ApiKeyView {
  id: string;
  object: 'api_key';
  name: string;
  key_hint: string;
  models: string[] | null;
  source: 'api' | 'config';
  created_at: string;
  revoked_at: string | null;
}

export interface CreateApiKeyInput {
  name: unknown;
  models?: unknown;
}

const NAME_PATTERN = /^[\p{L}\p{N} _.@:-]{1,64}$/u;

/**
 * Creates, lists and revokes client keys. Used by the admin API (which also updates the running
 * server's cache at once) and by the CLI (whose changes reach a running server through the keys
 * version counter it polls).
 */
export class ApiKeyService {
  constructor(
    private readonly store: Store,
    private readonly cache: KeyCache | null,
    private readonly knownModels: () => ReadonlySet<string> | null,
  ) {}

  async create(input: CreateApiKeyInput, now = Date.now()): Promise<ApiKeyView & { key: string }> {
    const name = typeof input.name === 'string' ? input.name.trim() : input.name;
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
      throw new InvalidRequestError(
        '`name` must be 1-64 letters, digits, spaces or _.@:- characters.',
        'name',
      );
    }
    const models = this.parseModels(input.models);
    const key = generateApiKey();
    const row: ApiKeyRow = {
      id: `key_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
      name,
      keyHash: hashApiKey(key),
      keyHint: toKeyHint(key),
      models,
      source: 'api',
      createdAtMs: now,
      revokedAtMs: null,
    };
    await this.store.insertApiKey(row);
    this.cache?.upsert(row);
    return { ...toApiKeyView(row), key };
  }

  async list(includeRevoked = false): Promise<ApiKeyView[]> {
    const rows = await this.store.listApiKeys({ includeRevoked });
    return rows.map(toApiKeyView);
  }

  async revoke(id: string, now = Date.now()): Promise<ApiKeyView> {
    const row = await this.store.findApiKeyById(id);
    if (!row)
      throw new GatewayError('not_found', `No API key with id '${id.slice(0, 80)}'.`, { param: 'id' });
    if (row.revokedAtMs === null) {
      await this.store.revokeApiKey(id, now);
      row.revokedAtMs = now;
    }
    this.cache?.removeById(id);
    return toApiKeyView(row);
  }

  private parseModels(value: unknown): string[] | null {
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value) || value.length > 1_000 || !value.every((model) => typeof model === 'string')) {
      throw new InvalidRequestError(
        '`models` must be an array of model ids, or null for every model.',
        'models',
      );
    }
    const known = this.knownModels();
    const models = [...new Set(value as string[])];
    const unknown = known ? models.find((model) => !known.has(model)) : undefined;
    if (unknown !== undefined) {
      throw new InvalidRequestError(`No channel serves the model '${unknown.slice(0, 100)}'.`, 'models');
    }
    return models;
  }
}

export function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    object: 'api_key',
    name: row.name,
    key_hint: row.keyHint,
    models: row.models,
    source: row.source,
    created_at: new Date(row.createdAtMs).toISOString(),
    revoked_at: row.revokedAtMs === null ? null : new Date(row.revokedAtMs).toISOString(),
  };
}
