import type { RateLimitState } from './quota-types.js';

/**
 * Token-bucket arithmetic for RPM and TPM, kept in integers: a level is tokens × LEVEL_SCALE, so a
 * bucket of `capacity` tokens per 60 s refills by exactly `capacity` level units per millisecond.
 * The Lua in redis-quota-scripts.ts mirrors these functions; the conformance suite keeps them in step.
 */
export const LEVEL_SCALE = 60_000;

/** The level at `nowMs` of a bucket that held `level` at `updatedAtMs`; never above capacity. */
export function refillLevel(level: number, updatedAtMs: number, capacity: number, nowMs: number): number {
  const full = capacity * LEVEL_SCALE;
  // A lowered limit clamps at once; a clock that went back (another instance's) refills nothing.
  if (level >= full) return full;
  const elapsedMs = nowMs - updatedAtMs;
  if (elapsedMs <= 0) return level;
  return elapsedMs * capacity >= full - level ? full : level + elapsedMs * capacity;
}

/** Milliseconds until the bucket holds `tokens`; null when it never will (a capacity of 0 or below `tokens`). */
export function msUntilTokens(level: number, capacity: number, tokens: number): number | null {
  if (tokens > capacity) return null;
  const missing = tokens * LEVEL_SCALE - level;
  if (missing <= 0) return 0;
  return Math.ceil(missing / capacity);
}

/** What the `x-ratelimit-*` headers show for a bucket already refilled to now. */
export function toRateLimitState(level: number, capacity: number): RateLimitState {
  return {
    limit: capacity,
    remaining: Math.max(0, Math.floor(level / LEVEL_SCALE)),
    resetMs: capacity > 0 ? Math.ceil((capacity * LEVEL_SCALE - level) / capacity) : 0,
  };
}
