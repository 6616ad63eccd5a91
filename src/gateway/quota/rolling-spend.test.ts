import { describe, expect, it } from 'vitest';
import { ROLLING_BUCKETS, RollingSpend, rollingBucketMs } from './rolling-spend.js';

const WINDOW_MS = 60 * 60_000;
const BUCKET_MS = rollingBucketMs(WINDOW_MS);

describe('RollingSpend', () => {
  it('cuts an hour into one-minute buckets', () => {
    expect(BUCKET_MS).toBe(60_000);
    expect(ROLLING_BUCKETS).toBe(60);
  });

  it('counts a charge for at least the window and drops it within one more bucket', () => {
    const spend = new RollingSpend(BUCKET_MS);
    const chargedAt = 10 * BUCKET_MS + 59_999; // the last instant of its bucket: leaves the latest
    spend.add(chargedAt, 7, 0);
    expect(spend.spentMicros(chargedAt + WINDOW_MS)).toBe(7);
    expect(spend.spentMicros(chargedAt + WINDOW_MS + 1)).toBe(0);

    const early = new RollingSpend(BUCKET_MS);
    const firstInstant = 10 * BUCKET_MS; // the first instant: stays a whole bucket late
    early.add(firstInstant, 7, 0);
    expect(early.spentMicros(firstInstant + WINDOW_MS + BUCKET_MS - 1)).toBe(7);
    expect(early.spentMicros(firstInstant + WINDOW_MS + BUCKET_MS)).toBe(0);
  });

  it('keeps grants apart from net spend', () => {
    const spend = new RollingSpend(BUCKET_MS);
    spend.add(0, 100, 0);
    spend.add(BUCKET_MS, -30, 30);
    expect(spend.spentMicros(BUCKET_MS)).toBe(70);
    expect(spend.grantedMicros(BUCKET_MS)).toBe(30);
  });

  it('adds to the newest bucket when the clock goes back', () => {
    const spend = new RollingSpend(BUCKET_MS);
    spend.add(5 * BUCKET_MS, 1, 0);
    spend.add(2 * BUCKET_MS, 1, 0);
    expect(spend.spentMicros(5 * BUCKET_MS + WINDOW_MS)).toBe(2);
    expect(spend.spentMicros(6 * BUCKET_MS + WINDOW_MS)).toBe(0);
  });
});
