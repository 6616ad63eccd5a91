import type { BreakerConfig } from '../../config/config-types.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerSnapshot {
  state: BreakerState;
  /** Failures still inside the window (at most `failureThreshold`: older ones are forgotten). */
  recentFailures: number;
  /** When the breaker last opened (kept after it closes, for health views); null if it never has. */
  openedAtMs: number | null;
  /** When an open breaker lets one probe through; null unless open. */
  nextProbeAtMs: number | null;
  /** Whether a half-open probe is out and its verdict is awaited. */
  probing: boolean;
}

/**
 * A count-in-window breaker for one target or upstream key: `failureThreshold` failures within
 * `windowMs` open it; after `cooldownMs` exactly one live request probes (half-open) and its verdict
 * closes or re-opens it. Time comes from `now`, so there are no timers and tests control the clock.
 */
export class CircuitBreaker {
  private readonly threshold: number;
  private readonly windowMs: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;
  /** The last `threshold` failure times, a ring: enough to tell whether `threshold` fit in the window. */
  private readonly failureTimes: number[];
  private failureCount = 0;
  private nextSlot = 0;
  private current: BreakerState = 'closed';
  private openedAtMs: number | null = null;
  private probeOut = false;

  constructor(settings: BreakerConfig, now: () => number) {
    // A threshold below 1 would open on nothing; treat it as "every failure opens".
    this.threshold = Math.max(1, Math.floor(settings.failureThreshold));
    this.windowMs = settings.windowMs;
    this.cooldownMs = settings.cooldownMs;
    this.now = now;
    this.failureTimes = new Array<number>(this.threshold).fill(0);
  }

  /**
   * Stored state, except that an open breaker whose cooldown has passed reads as half-open: the next
   * `tryAcquire` would be granted the probe.
   */
  get state(): BreakerState {
    if (this.current === 'open' && this.now() >= this.probeTimeMs()) return 'half_open';
    return this.current;
  }

  /** Whether a request may use this target now; in half-open, true reserves the one probe. */
  tryAcquire(): boolean {
    switch (this.current) {
      case 'closed':
        return true;
      case 'open':
        if (this.now() < this.probeTimeMs()) return false;
        this.current = 'half_open';
        this.probeOut = true;
        return true;
      case 'half_open':
        if (this.probeOut) return false;
        this.probeOut = true;
        return true;
    }
  }

  recordSuccess(): void {
    // In closed, a success does not erase failures: a target failing often among many successes
    // should still trip. In open, a late success from before the opening proves nothing new.
    if (this.current !== 'half_open') return;
    this.close();
  }

  recordFailure(): void {
    const nowMs = this.now();
    if (this.current === 'half_open') {
      this.open(nowMs);
      return;
    }
    // A late failure while already open must not push the probe further away.
    if (this.current === 'open') return;
    this.failureTimes[this.nextSlot] = nowMs;
    this.nextSlot = (this.nextSlot + 1) % this.threshold;
    if (this.failureCount < this.threshold) this.failureCount++;
    // The ring is full and its oldest entry (the slot written next) is still inside the window.
    if (this.failureCount === this.threshold && nowMs - this.failureTimes[this.nextSlot]! < this.windowMs) {
      this.open(nowMs);
    }
  }

  /** A probe ended without a verdict (client gone, deadline): free the slot so another may probe. */
  release(): void {
    if (this.current === 'half_open') this.probeOut = false;
  }

  /** Back to closed with no history, e.g. after an admin re-enables a fixed credential. */
  reset(): void {
    this.close();
    this.openedAtMs = null;
  }

  snapshot(): BreakerSnapshot {
    const state = this.state;
    return {
      state,
      recentFailures: this.countRecentFailures(this.now()),
      openedAtMs: this.openedAtMs,
      nextProbeAtMs: this.current === 'open' ? this.probeTimeMs() : null,
      probing: this.current === 'half_open' && this.probeOut,
    };
  }

  private probeTimeMs(): number {
    return (this.openedAtMs ?? 0) + this.cooldownMs;
  }

  private open(nowMs: number): void {
    this.current = 'open';
    this.openedAtMs = nowMs;
    this.probeOut = false;
  }

  private close(): void {
    this.current = 'closed';
    this.probeOut = false;
    this.failureCount = 0;
    this.nextSlot = 0;
  }

  private countRecentFailures(nowMs: number): number {
    let count = 0;
    for (let i = 0; i < this.failureCount; i++) {
      if (nowMs - this.failureTimes[i]! < this.windowMs) count++;
    }
    return count;
  }
}
