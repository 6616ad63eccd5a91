import type { ApiKeyRow, TeamRow } from '../../src/store/store-types.js';

/** A complete API key row with every optional setting off; deterministic for a given id. */
export function buildApiKeyRow(id: string, overrides: Partial<ApiKeyRow> = {}): ApiKeyRow {
  return {
    id,
    name: `name-${id}`,
    keyHash: `hash-${id}`,
    keyHint: 'sk-opt-…abcd',
    models: null,
    source: 'api',
    createdAtMs: 1_700_000_000_000,
    revokedAtMs: null,
    teamId: null,
    budget: null,
    limits: { rpm: null, tpm: null, concurrency: null },
    expiresAtMs: null,
    allowIps: null,
    promptLogging: null,
    disabledAtMs: null,
    updatedAtMs: 1_700_000_000_000,
    ...overrides,
  };
}

/** A complete team row at list price with every optional setting off; deterministic for a given id. */
export function buildTeamRow(id: string, overrides: Partial<TeamRow> = {}): TeamRow {
  return {
    id,
    name: `team-${id}`,
    models: null,
    budget: null,
    limits: { rpm: null, tpm: null, concurrency: null },
    priceMultiplierPpm: 1_000_000,
    expiresAtMs: null,
    promptLogging: null,
    source: 'api',
    disabledAtMs: null,
    createdAtMs: 1_700_000_000_000,
    updatedAtMs: 1_700_000_000_000,
    deletedAtMs: null,
    ...overrides,
  };
}
