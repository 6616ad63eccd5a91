import type { QuotaRefusal } from './quota-types.js';
import { LEVEL_SCALE, msUntilTokens } from './token-bucket.js';

/** A hint only: a slot frees when some request in flight ends, which nobody can predict. */
export const CONCURRENCY_RETRY_MS = 1_000;

/** Null when the bucket (refilled to now) holds `tokens`; otherwise when it will, if ever. */
export function bucketRefusal(
  kind: 'rpm' | 'tpm',
  subjectId: string,
  level: number,
  capacity: number,
  tokens: number,
): QuotaRefusal | null {
  if (level >= tokens * LEVEL_SCALE) return null;
  const retryAfterMs = msUntilTokens(level, capacity, tokens);
  return { kind, subjectId, limit: capacity, retryAfterMs, neverFits: retryAfterMs === null };
}

export function concurrencyRefusal(subjectId: string, limit: number): QuotaRefusal {
  // A limit of 0 admits nothing, ever.
  const neverFits = limit === 0;
  return {
    kind: 'concurrency',
    subjectId,
    limit,
    retryAfterMs: neverFits ? null : CONCURRENCY_RETRY_MS,
    neverFits,
  };
}
