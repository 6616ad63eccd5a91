import { describe, expect, it } from 'vitest';
import { LEVEL_SCALE, msUntilTokens, refillLevel, toRateLimitState } from './token-bucket.js';

describe('token bucket arithmetic', () => {
  it('refills capacity tokens per minute, continuously, up to capacity', () => {
    // 60 tokens per minute = 1 per second.
    expect(refillLevel(0, 0, 60, 1_000)).toBe(1 * LEVEL_SCALE);
    expect(refillLevel(0, 0, 60, 500)).toBe(0.5 * LEVEL_SCALE);
    expect(refillLevel(0, 0, 60, 10 * 60_000)).toBe(60 * LEVEL_SCALE);
  });

  it('refills out of debt at the same rate', () => {
    expect(refillLevel(-60 * LEVEL_SCALE, 0, 60, 60_000)).toBe(0);
  });

  it('clamps a level above a lowered capacity and ignores a clock that went back', () => {
    expect(refillLevel(100 * LEVEL_SCALE, 0, 10, 0)).toBe(10 * LEVEL_SCALE);
    expect(refillLevel(5 * LEVEL_SCALE, 1_000, 10, 500)).toBe(5 * LEVEL_SCALE);
  });

  it('stays exact for a refill spanning years at a large limit', () => {
    expect(refillLevel(0, 0, 1_000_000_000, Date.UTC(2100, 0, 1))).toBe(1_000_000_000 * LEVEL_SCALE);
  });

  it('says how long until a bucket holds enough, and never for more than its capacity', () => {
    expect(msUntilTokens(0, 60, 1)).toBe(1_000);
    expect(msUntilTokens(LEVEL_SCALE, 60, 1)).toBe(0);
    expect(msUntilTokens(0, 7, 1)).toBe(8_572); // 60 000 / 7 = 8571.4…, rounded up
    expect(msUntilTokens(0, 60, 61)).toBeNull();
    expect(msUntilTokens(0, 0, 1)).toBeNull();
  });

  it('reports whole tokens remaining, never negative, and the time to full', () => {
    expect(toRateLimitState(1.5 * LEVEL_SCALE, 60)).toEqual({ limit: 60, remaining: 1, resetMs: 58_500 });
    expect(toRateLimitState(-10 * LEVEL_SCALE, 60)).toEqual({ limit: 60, remaining: 0, resetMs: 70_000 });
    expect(toRateLimitState(0, 0)).toEqual({ limit: 0, remaining: 0, resetMs: 0 });
  });
});
