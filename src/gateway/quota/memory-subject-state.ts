import type { BudgetPeriod } from '../../api/budget-period.js';
import { currentQuotaWindow, type QuotaWindow } from './quota-window.js';
import { RollingSpend, rollingBucketMs } from './rolling-spend.js';
import { LEVEL_SCALE, refillLevel } from './token-bucket.js';

/** An RPM or TPM bucket; `level` is in token-bucket.ts's scaled units. */
export interface TokenBucket {
  level: number;
  updatedAtMs: number;
  capacity: number;
}

/** One budget window of one subject in the memory store. */
export class BudgetRecord {
  reservedMicros = 0;
  /** A charge, grant or seed has landed here, so `seed` leaves the window alone. */
  isCounting = false;
  #spentMicros = 0;
  #grantedMicros = 0;
  readonly #rolling: RollingSpend | null;

  constructor(
    /** When the record may be dropped: the calendar window's end; Infinity for rolling and `none`. */
    readonly endMs: number,
    rollingWindowMs: number | null,
  ) {
    this.#rolling = rollingWindowMs === null ? null : new RollingSpend(rollingBucketMs(rollingWindowMs));
  }

  /** Net spend (charges − grants) in the window at `nowMs`. */
  spentMicros(nowMs: number): number {
    return this.#rolling ? this.#rolling.spentMicros(nowMs) : this.#spentMicros;
  }

  grantedMicros(nowMs: number): number {
    return this.#rolling ? this.#rolling.grantedMicros(nowMs) : this.#grantedMicros;
  }

  /** A charge (spend > 0), a grant (spend = −grant) or a seed. */
  add(nowMs: number, spendMicros: number, grantMicros: number): void {
    this.isCounting = true;
    if (this.#rolling) {
      this.#rolling.add(nowMs, spendMicros, grantMicros);
    } else {
      this.#spentMicros += spendMicros;
      this.#grantedMicros += grantMicros;
    }
  }
}

/** Everything the memory store keeps for one key, team or model. */
export class SubjectState {
  rpm: TokenBucket | null = null;
  tpm: TokenBucket | null = null;
  /** Unexpired admissions not yet settled: the concurrency count. */
  inFlight = 0;
  readonly records = new Map<string, BudgetRecord>();
  #period: BudgetPeriod | null = null;
  #window: QuotaWindow | null = null;

  /** The current window, recomputed only when the period object changes or the calendar window ends. */
  window(period: BudgetPeriod, nowMs: number): QuotaWindow {
    const cached = this.#window;
    if (cached !== null && this.#period === period && nowMs >= cached.startMs) {
      if (cached.endMs === null || nowMs < cached.endMs) return cached;
    }
    this.#period = period;
    this.#window = currentQuotaWindow(period, nowMs);
    return this.#window;
  }

  /** The record of the subject's current window, created on first use. */
  currentRecord(window: QuotaWindow, nowMs: number): BudgetRecord {
    return this.records.get(window.id) ?? this.#create(window, nowMs);
  }

  /**
   * Creating a record is rare (once per window), so it is also when old ones go: calendar windows that
   * have ended, and rolling or `none` records of a period the subject no longer has. Leases still
   * holding a dropped record settle into it harmlessly.
   */
  #create(window: QuotaWindow, nowMs: number): BudgetRecord {
    for (const [id, record] of this.records) {
      if (record.endMs <= nowMs || record.endMs === Number.POSITIVE_INFINITY) {
        this.records.delete(id);
      }
    }
    const record = new BudgetRecord(window.endMs ?? Number.POSITIVE_INFINITY, window.rollingWindowMs);
    this.records.set(window.id, record);
    return record;
  }
}

/** The bucket refilled to `nowMs` (created full); adopts a changed limit. */
export function refillBucket(bucket: TokenBucket | null, capacity: number, nowMs: number): TokenBucket {
  if (!bucket) return { level: capacity * LEVEL_SCALE, updatedAtMs: nowMs, capacity };
  bucket.level = refillLevel(bucket.level, bucket.updatedAtMs, capacity, nowMs);
  if (nowMs > bucket.updatedAtMs) bucket.updatedAtMs = nowMs;
  bucket.capacity = capacity;
  return bucket;
}
