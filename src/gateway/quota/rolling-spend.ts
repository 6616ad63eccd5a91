/**
 * Spend in a rolling window, kept in buckets of windowMs / ROLLING_BUCKETS. The window counts the bucket
 * holding `now` and the ROLLING_BUCKETS before it, so a charge is counted for at least windowMs (never
 * early) and at most one bucket longer. The Lua in redis-quota-scripts.ts keeps the same ring in a hash.
 */
export const ROLLING_BUCKETS = 60;
/** Ring slots: the current bucket plus the ROLLING_BUCKETS that may still hold charges inside the window. */
export const ROLLING_SLOTS = ROLLING_BUCKETS + 1;

export function rollingBucketMs(windowMs: number): number {
  return windowMs / ROLLING_BUCKETS;
}

export function rollingBucketIndex(nowMs: number, bucketMs: number): number {
  return Math.floor(nowMs / bucketMs);
}

/** The memory store's ring: running sums, so reading is O(buckets passed since the last access). */
export class RollingSpend {
  /** Net spend (charges − grants) and gross grants per slot. */
  readonly #spend = new Float64Array(ROLLING_SLOTS);
  readonly #grants = new Float64Array(ROLLING_SLOTS);
  #head = Number.NEGATIVE_INFINITY;
  #spendSum = 0;
  #grantSum = 0;

  constructor(readonly bucketMs: number) {}

  spentMicros(nowMs: number): number {
    this.#advance(nowMs);
    return this.#spendSum;
  }

  grantedMicros(nowMs: number): number {
    this.#advance(nowMs);
    return this.#grantSum;
  }

  /** Adds to the bucket holding `nowMs` (or the newest bucket, if the clock went back). */
  add(nowMs: number, spendMicros: number, grantMicros: number): void {
    const slot = this.#advance(nowMs);
    this.#spend[slot]! += spendMicros;
    this.#grants[slot]! += grantMicros;
    this.#spendSum += spendMicros;
    this.#grantSum += grantMicros;
  }

  /** Moves the head to `nowMs`'s bucket, emptying the slots of buckets that left the window. */
  #advance(nowMs: number): number {
    const index = rollingBucketIndex(nowMs, this.bucketMs);
    if (index > this.#head) {
      if (index - this.#head >= ROLLING_SLOTS) {
        this.#spend.fill(0);
        this.#grants.fill(0);
        this.#spendSum = 0;
        this.#grantSum = 0;
      } else {
        for (let passed = this.#head + 1; passed <= index; passed++) {
          const slot = passed % ROLLING_SLOTS;
          this.#spendSum -= this.#spend[slot]!;
          this.#grantSum -= this.#grants[slot]!;
          this.#spend[slot] = 0;
          this.#grants[slot] = 0;
        }
      }
      this.#head = index;
    }
    return this.#head % ROLLING_SLOTS;
  }
}
