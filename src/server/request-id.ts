import { randomBytes } from 'node:crypto';

/**
 * Request ids: a random per-process prefix plus a counter. Unique across restarts and instances
 * (the prefix), cheap on the hot path (no per-request randomness), and the usage record's primary key.
 */
export function createRequestIdGenerator(): () => string {
  const prefix = `req_${randomBytes(6).toString('hex')}`;
  let counter = 0;
  return () => {
    counter++;
    return `${prefix}${counter.toString(36).padStart(6, '0')}`;
  };
}
