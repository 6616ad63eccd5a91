export interface BackoffInput {
  /** Attempts made so far: 1 = the delay before the second try. */
  attempt: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** The upstream's retry-after, when it sent one. */
  retryAfterMs?: number | null;
  /** Time left before the request's total deadline. */
  remainingMs: number;
  random: () => number;
}

/**
 * Exponential backoff with full jitter (a uniform delay in [0, cap)), so clients failing together do
 * not retry together; an upstream's retry-after is a floor. Null means "do not retry": the wait
 * alone would use up the request's deadline.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelayMs(input: BackoffInput): number | null {
  const exponent = Math.max(0, Math.floor(input.attempt) - 1);
  // 2 ** exponent becomes Infinity for absurd attempts; the cap still holds.
  const cap = Math.max(0, Math.min(input.maxBackoffMs, input.initialBackoffMs * 2 ** exponent));
  const jittered = Math.floor(input.random() * cap);
  const retryAfterMs = input.retryAfterMs;
  const delayMs = retryAfterMs != null && retryAfterMs > jittered ? Math.ceil(retryAfterMs) : jittered;
  return delayMs >= input.remainingMs ? null : delayMs;
}
