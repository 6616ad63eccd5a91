import type { AuthenticatedKey } from '../../src/gateway/key-cache.js';

/** A key as the request path sees it, with nothing to enforce unless overridden. */
export function buildAuthenticatedKey(overrides: Partial<AuthenticatedKey> = {}): AuthenticatedKey {
  return {
    id: 'key_test',
    name: 'test',
    models: null,
    team: null,
    expiresAtMs: null,
    disabled: false,
    allowsAddress: null,
    quotaSubjects: [],
    promptRetentionDays: null,
    ...overrides,
  };
}
