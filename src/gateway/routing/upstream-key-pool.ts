import type { BreakerConfig } from '../../config/config-types.js';
import { maskKey } from '../../providers/shared/mask-secrets.js';
import { type BreakerState, CircuitBreaker } from './circuit-breaker.js';

/** One key handed out for one attempt; `index` is what `report` takes back. */
export interface KeyLease {
  readonly index: number;
  /** Null when the channel has no credential (a local engine). */
  readonly key: string | null;
}

/** How an attempt with a key ended: `released` means no verdict (client gone, deadline passed). */
export type KeyOutcome = 'success' | 'failure' | 'released';

export interface KeyDisabled {
  reason: string;
  atMs: number;
}

export interface KeyHealth {
  index: number;
  /** e.g. `sk-...abcd`; never the key. */
  hint: string;
  state: BreakerState;
  disabled: KeyDisabled | null;
  /** Set while a 429's retry-after keeps the key out; null once it has passed. */
  coolingUntilMs: number | null;
}

interface KeySlot {
  readonly lease: KeyLease;
  readonly hint: string;
  readonly breaker: CircuitBreaker;
  coolingUntilMs: number;
  disabled: KeyDisabled | null;
}

/** Shared by every keyless pool: a channel without credentials still gets one attempt per request. */
const NO_KEY: KeyLease = Object.freeze({ index: -1, key: null });

/**
 * A channel's upstream keys, handed out round-robin. Each key has its own breaker, a cooldown (from an
 * upstream 429's retry-after) and a disabled flag (an upstream 401/403: stays until an admin enables it).
 */
export class UpstreamKeyPool {
  private readonly slots: KeySlot[];
  private readonly now: () => number;
  private cursor = 0;

  constructor(keys: readonly string[], breaker: BreakerConfig, now: () => number) {
    this.now = now;
    // Leases are made once here, so `acquire` allocates nothing per request.
    this.slots = keys.map((key, index) => ({
      lease: Object.freeze({ index, key }),
      hint: toUpstreamKeyHint(key),
      breaker: new CircuitBreaker(breaker, now),
      coolingUntilMs: 0,
      disabled: null,
    }));
  }

  get size(): number {
    return this.slots.length;
  }

  /** The next usable key in round-robin order, or null when every key is disabled, cooling or open. */
  acquire(): KeyLease | null {
    const count = this.slots.length;
    if (count === 0) return NO_KEY;
    const nowMs = this.now();
    for (let step = 0; step < count; step++) {
      const index = (this.cursor + step) % count;
      const slot = this.slots[index]!;
      if (slot.disabled !== null || nowMs < slot.coolingUntilMs) continue;
      // Asked last: in half-open, a true reserves the key's one probe, so it must be the key we use.
      if (!slot.breaker.tryAcquire()) continue;
      this.cursor = (index + 1) % count;
      return slot.lease;
    }
    return null;
  }

  report(index: number, outcome: KeyOutcome): void {
    const slot = this.slots[index];
    if (slot === undefined) return;
    if (outcome === 'success') slot.breaker.recordSuccess();
    else if (outcome === 'failure') slot.breaker.recordFailure();
    else slot.breaker.release();
  }

  /** Keeps the key out until `untilMs`; a later, shorter retry-after does not shorten it. */
  coolDown(index: number, untilMs: number): void {
    const slot = this.slots[index];
    if (slot !== undefined && untilMs > slot.coolingUntilMs) slot.coolingUntilMs = untilMs;
  }

  /** Takes the key out until `enable`; the first reason and time are kept, since they say when it broke. */
  disable(index: number, reason: string): void {
    const slot = this.slots[index];
    if (slot !== undefined && slot.disabled === null) slot.disabled = { reason, atMs: this.now() };
  }

  /** An admin says the key works again: forget its disabling, cooldown and breaker history. */
  enable(index: number): void {
    const slot = this.slots[index];
    if (slot === undefined) return;
    slot.disabled = null;
    slot.coolingUntilMs = 0;
    slot.breaker.reset();
  }

  health(): KeyHealth[] {
    const nowMs = this.now();
    return this.slots.map((slot) => ({
      index: slot.lease.index,
      hint: slot.hint,
      state: slot.breaker.state,
      disabled: slot.disabled === null ? null : { ...slot.disabled },
      coolingUntilMs: nowMs < slot.coolingUntilMs ? slot.coolingUntilMs : null,
    }));
  }
}

/** Short keys are all hint and no secret once their last 4 characters show, so they show nothing. */
function toUpstreamKeyHint(key: string): string {
  return key.length < 16 ? '***' : maskKey(key);
}
