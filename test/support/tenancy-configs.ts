import type { ChannelConfig, KeyConfig, TeamConfig } from '../../src/config/config-types.js';

const NO_LIMITS = { rpm: null, tpm: null, concurrency: null };

/** A `keys:` entry as the config parses one with only its name: no team, every optional setting off. */
export function buildKeyConfig(name: string, overrides: Partial<KeyConfig> = {}): KeyConfig {
  return {
    name,
    key: null,
    models: null,
    team: null,
    budget: null,
    limits: NO_LIMITS,
    expiresAtMs: null,
    allowIps: null,
    promptLogging: null,
    ...overrides,
  };
}

/** A `teams:` entry as the config parses one with only its name: list price, no members, settings off. */
export function buildTeamConfig(name: string, overrides: Partial<TeamConfig> = {}): TeamConfig {
  return {
    name,
    models: null,
    budget: null,
    limits: NO_LIMITS,
    priceMultiplierPpm: 1_000_000,
    expiresAtMs: null,
    promptLogging: null,
    members: [],
    ...overrides,
  };
}

/**
 * A `channels:` entry as the config parses one with only name, base_url and models: no upstream key,
 * priority 0, weight 1, default timeouts.
 */
export function buildChannelConfig(name: string, overrides: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    name,
    provider: 'openai-compatible',
    baseUrl: 'http://127.0.0.1:9000/v1',
    apiKeys: [],
    priority: 0,
    weight: 1,
    models: ['m1'],
    modelMap: {},
    headers: {},
    timeouts: { connectMs: 10_000, firstByteMs: 300_000, idleMs: 120_000, totalMs: 900_000 },
    maxConnections: 256,
    ...overrides,
  };
}
