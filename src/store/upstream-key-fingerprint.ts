import { createHash } from 'node:crypto';

/**
 * Names an upstream key without holding it: the first 16 hex characters (64 bits) of its SHA-256.
 * `channel_key_states` rows are keyed by it, so a disabled key stays disabled wherever it sits in the list.
 */
export function fingerprintUpstreamKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
