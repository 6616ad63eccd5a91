import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

const SETTINGS = { failureThreshold: 3, windowMs: 10_000, cooldownMs: 30_000 };

function createBreaker(settings = SETTINGS) {
  const clock = { nowMs: 1_000_000 };
  const breaker = new CircuitBreaker(settings, () => clock.nowMs);
  return { clock, breaker };
}

function failTimes(breaker: CircuitBreaker, count: number): void {
  for (let i = 0; i < count; i++) breaker.recordFailure();
}

describe('CircuitBreaker', () => {
  it('starts closed and admits every request', () => {
    const { breaker } = createBreaker();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.snapshot()).toEqual({
      state: 'closed',
      recentFailures: 0,
      openedAtMs: null,
      nextProbeAtMs: null,
      probing: false,
    });
  });

  it('opens when the threshold of failures falls within the window', () => {
    const { clock, breaker } = createBreaker();
    failTimes(breaker, 2);
    expect(breaker.state).toBe('closed');
    clock.nowMs += 9_999;
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.snapshot()).toEqual({
      state: 'open',
      recentFailures: 3,
      openedAtMs: clock.nowMs,
      nextProbeAtMs: clock.nowMs + 30_000,
      probing: false,
    });
  });

  it('does not open when the failures are spread wider than the window', () => {
    const { clock, breaker } = createBreaker();
    for (let i = 0; i < 10; i++) {
      breaker.recordFailure();
      clock.nowMs += 5_000;
    }
    // Any three consecutive failures span exactly 10 s, which is not within a 10 s window.
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot().recentFailures).toBe(1);
  });

  it('forgets old failures as the window moves on', () => {
    const { clock, breaker } = createBreaker();
    failTimes(breaker, 2);
    clock.nowMs += 10_000;
    expect(breaker.snapshot().recentFailures).toBe(0);
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
  });

  it('keeps counting failures through successes while closed', () => {
    const { breaker } = createBreaker();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
  });

  it('grants exactly one probe once the cooldown has passed', () => {
    const { clock, breaker } = createBreaker();
    failTimes(breaker, 3);
    clock.nowMs += 29_999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.nowMs += 1;
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.snapshot()).toMatchObject({ state: 'half_open', probing: true, nextProbeAtMs: null });
  });

  it('closes with a clean history when the probe succeeds', () => {
    const { clock, breaker } = createBreaker();
    failTimes(breaker, 3);
    const openedAtMs = clock.nowMs;
    clock.nowMs += 30_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.snapshot()).toEqual({
      state: 'closed',
      recentFailures: 0,
      openedAtMs,
      nextProbeAtMs: null,
      probing: false,
    });
    // The failures before the opening no longer count: it takes a full threshold again.
    failTimes(breaker, 2);
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
  });

  it('re-opens for another cooldown when the probe fails', () => {
    const { clock, breaker } = createBreaker();
    failTimes(breaker, 3);
    clock.nowMs += 30_000;
    expect(breaker.tryAcquire()).toBe(true);
    clock.nowMs += 500;
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.snapshot()).toMatchObject({
      openedAtMs: clock.nowMs,
      nextProbeAtMs: clock.nowMs + 30_000,
    });
    clock.nowMs += 29_999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.nowMs += 1;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('frees the probe slot without a verdict on release', () => {
    const { clock, breaker } = createBreaker();
    failTimes(breaker, 3);
    clock.nowMs += 30_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.state).toBe('half_open');
    expect(breaker.snapshot().probing).toBe(false);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('ignores release while closed or open', () => {
    const { breaker } = createBreaker();
    breaker.release();
    expect(breaker.state).toBe('closed');
    failTimes(breaker, 3);
    breaker.release();
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('lets neither late failures nor late successes move an open breaker', () => {
    const { clock, breaker } = createBreaker();
    failTimes(breaker, 3);
    const nextProbeAtMs = breaker.snapshot().nextProbeAtMs;
    clock.nowMs += 10_000;
    breaker.recordFailure();
    breaker.recordSuccess();
    expect(breaker.snapshot()).toMatchObject({ state: 'open', nextProbeAtMs });
  });

  it('opens on the first failure with a threshold of 1 (or less)', () => {
    const { breaker } = createBreaker({ ...SETTINGS, failureThreshold: 0 });
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
  });

  it('reset closes and forgets everything', () => {
    const { breaker } = createBreaker();
    failTimes(breaker, 3);
    breaker.reset();
    expect(breaker.snapshot()).toEqual({
      state: 'closed',
      recentFailures: 0,
      openedAtMs: null,
      nextProbeAtMs: null,
      probing: false,
    });
    expect(breaker.tryAcquire()).toBe(true);
  });
});
