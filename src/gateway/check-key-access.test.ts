import { describe, expect, it } from 'vitest';
import { buildAuthenticatedKey } from '../../test/support/authenticated-key.js';
import { compileIpAllowList } from '../api/ip-allow-list.js';
import { checkKeyAccess } from './check-key-access.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const team = {
  id: 'team_r',
  name: 'research',
  priceMultiplierPpm: 1_000_000,
  expiresAtMs: null,
  disabled: false,
};

describe('checkKeyAccess', () => {
  it('lets an active key through', () => {
    expect(checkKeyAccess(buildAuthenticatedKey(), '127.0.0.1', NOW)).toBeNull();
  });

  it('refuses a disabled or expired key with 401 invalid_api_key', () => {
    const disabled = checkKeyAccess(buildAuthenticatedKey({ disabled: true }), '127.0.0.1', NOW);
    expect(disabled).toMatchObject({
      status: 401,
      wireCode: 'invalid_api_key',
      message: 'This API key is disabled.',
    });
    const expired = checkKeyAccess(buildAuthenticatedKey({ expiresAtMs: NOW }), '127.0.0.1', NOW);
    expect(expired).toMatchObject({
      status: 401,
      message: 'This API key expired at 2026-06-01T12:00:00.000Z.',
    });
    expect(checkKeyAccess(buildAuthenticatedKey({ expiresAtMs: NOW + 1 }), '127.0.0.1', NOW)).toBeNull();
  });

  it('refuses a key whose team is disabled or expired, naming the team', () => {
    const disabled = checkKeyAccess(buildAuthenticatedKey({ team: { ...team, disabled: true } }), '::1', NOW);
    expect(disabled?.message).toBe("The team 'research' of this API key is disabled.");
    const expired = checkKeyAccess(
      buildAuthenticatedKey({ team: { ...team, expiresAtMs: NOW - 1 } }),
      '::1',
      NOW,
    );
    expect(expired?.message).toContain("The team 'research' of this API key expired at");
  });

  it('refuses addresses outside the allow-list with 403 ip_not_allowed', () => {
    const key = buildAuthenticatedKey({ allowsAddress: compileIpAllowList(['10.0.0.0/8', '::1']) });
    expect(checkKeyAccess(key, '10.20.30.40', NOW)).toBeNull();
    expect(checkKeyAccess(key, '::ffff:10.20.30.40', NOW)).toBeNull();
    expect(checkKeyAccess(key, '::1', NOW)).toBeNull();
    expect(checkKeyAccess(key, '192.168.1.1', NOW)).toMatchObject({
      status: 403,
      wireCode: 'ip_not_allowed',
      message: 'Requests from 192.168.1.1 are not allowed for this API key.',
    });
  });
});
