import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

const BASE = { initialBackoffMs: 200, maxBackoffMs: 5_000, remainingMs: 60_000 };

function fixed(value: number): () => number {
  return () => value;
}

describe('backoffDelayMs', () => {
  it('doubles the cap with each attempt, up to the maximum', () => {
    const caps = [1, 2, 3, 4, 5, 6, 7, 30].map((attempt) =>
      backoffDelayMs({ ...BASE, attempt, random: fixed(0.999999) }),
    );
    expect(caps).toEqual([199, 399, 799, 1_599, 3_199, 4_999, 4_999, 4_999]);
  });

  it('applies full jitter: a uniform share of the cap', () => {
    expect(backoffDelayMs({ ...BASE, attempt: 3, random: fixed(0) })).toBe(0);
    expect(backoffDelayMs({ ...BASE, attempt: 3, random: fixed(0.5) })).toBe(400);
    expect(backoffDelayMs({ ...BASE, attempt: 3, random: fixed(0.25) })).toBe(200);
  });

  it('treats retry-after as a floor under the jittered delay', () => {
    expect(backoffDelayMs({ ...BASE, attempt: 1, retryAfterMs: 2_000, random: fixed(0.5) })).toBe(2_000);
    expect(backoffDelayMs({ ...BASE, attempt: 5, retryAfterMs: 100, random: fixed(0.5) })).toBe(1_600);
    expect(backoffDelayMs({ ...BASE, attempt: 1, retryAfterMs: null, random: fixed(0.5) })).toBe(100);
  });

  it('lets retry-after exceed the backoff maximum', () => {
    expect(backoffDelayMs({ ...BASE, attempt: 1, retryAfterMs: 20_000, random: fixed(0) })).toBe(20_000);
  });

  it('returns null when the wait would use up the deadline', () => {
    expect(backoffDelayMs({ ...BASE, attempt: 1, remainingMs: 100, random: fixed(0.5) })).toBeNull();
    expect(backoffDelayMs({ ...BASE, attempt: 1, remainingMs: 101, random: fixed(0.5) })).toBe(100);
    expect(
      backoffDelayMs({ ...BASE, attempt: 1, retryAfterMs: 30_000, remainingMs: 10_000, random: fixed(0) }),
    ).toBeNull();
    expect(backoffDelayMs({ ...BASE, attempt: 1, remainingMs: 0, random: fixed(0) })).toBeNull();
  });

  it('treats attempts below 1 as the first', () => {
    expect(backoffDelayMs({ ...BASE, attempt: 0, random: fixed(0.5) })).toBe(100);
  });

  it('asks for randomness once', () => {
    let calls = 0;
    backoffDelayMs({
      ...BASE,
      attempt: 2,
      random: () => {
        calls++;
        return 0.3;
      },
    });
    expect(calls).toBe(1);
  });
});
