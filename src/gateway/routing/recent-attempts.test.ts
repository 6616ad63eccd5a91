import { describe, expect, it } from 'vitest';
import { RecentAttempts } from './recent-attempts.js';

describe('RecentAttempts', () => {
  it('reports nothing before any attempt', () => {
    expect(new RecentAttempts().summarize(1_000, 60_000)).toEqual({
      windowMs: 60_000,
      requests: 0,
      errors: 0,
      latencyP50Ms: null,
      latencyP99Ms: null,
    });
  });

  it('counts errors and takes nearest-rank percentiles over the window only', () => {
    const recent = new RecentAttempts();
    recent.record(0, 9_999, true); // outside a 60 s window seen at t = 100 s
    for (let index = 1; index <= 100; index += 1) recent.record(50_000 + index, index, index % 10 === 0);
    const summary = recent.summarize(100_000, 60_000);
    expect(summary.requests).toBe(100);
    expect(summary.errors).toBe(10);
    expect(summary.latencyP50Ms).toBe(50);
    expect(summary.latencyP99Ms).toBe(99);
  });

  it('keeps only the last attempts once full', () => {
    const recent = new RecentAttempts(4);
    for (let index = 1; index <= 6; index += 1) recent.record(index, index * 10, index <= 2);
    const summary = recent.summarize(10, 60_000);
    expect(summary.requests).toBe(4);
    expect(summary.errors).toBe(0);
    expect(summary.latencyP50Ms).toBe(40);
    expect(summary.latencyP99Ms).toBe(60);
  });
});
