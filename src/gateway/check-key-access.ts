import { GatewayError } from '../api/gateway-error.js';
import type { AuthenticatedKey } from './key-cache.js';

/**
 * What a known key may still be refused for: disabled or expired (the key or its team), or a client
 * address outside the key's allow-list. Checked per request because expiry is a matter of time.
 */
export function checkKeyAccess(key: AuthenticatedKey, address: string, nowMs: number): GatewayError | null {
  if (key.disabled) return new GatewayError('key_disabled', 'This API key is disabled.');
  if (key.expiresAtMs !== null && nowMs >= key.expiresAtMs) {
    return new GatewayError(
      'key_disabled',
      `This API key expired at ${new Date(key.expiresAtMs).toISOString()}.`,
    );
  }
  const team = key.team;
  if (team?.disabled)
    return new GatewayError('key_disabled', `The team '${team.name}' of this API key is disabled.`);
  if (team && team.expiresAtMs !== null && nowMs >= team.expiresAtMs) {
    return new GatewayError(
      'key_disabled',
      `The team '${team.name}' of this API key expired at ${new Date(team.expiresAtMs).toISOString()}.`,
    );
  }
  if (key.allowsAddress && !key.allowsAddress(address)) {
    // The address is the caller's own; echoing it helps them see what OPT saw (a proxy, say).
    return new GatewayError('ip_not_allowed', `Requests from ${address} are not allowed for this API key.`);
  }
  return null;
}
