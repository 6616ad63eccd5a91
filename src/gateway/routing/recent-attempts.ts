/** How far back a channel's health looks by default: long enough to mean something, short enough to be current. */
export const RECENT_WINDOW_MS = 300_000;

/**
 * A channel's last attempts (outcome and time to answer) in a fixed ring, so health views can show a recent
 * error rate and latency percentiles without a database or an unbounded list. Recording is O(1) and
 * allocation-free; summarizing (admin views only) sorts at most `capacity` numbers.
 */
export class RecentAttempts {
  private readonly atMs: Float64Array;
  private readonly latencyMs: Float64Array;
  private readonly failed: Uint8Array;
  private next = 0;
  private size = 0;

  constructor(private readonly capacity = 512) {
    this.atMs = new Float64Array(capacity);
    this.latencyMs = new Float64Array(capacity);
    this.failed = new Uint8Array(capacity);
  }

  record(atMs: number, latencyMs: number, failed: boolean): void {
    this.atMs[this.next] = atMs;
    this.latencyMs[this.next] = latencyMs;
    this.failed[this.next] = failed ? 1 : 0;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size += 1;
  }

  /** Attempts that ended within `windowMs` before `nowMs` (at most the last `capacity` of them). */
  summarize(nowMs: number, windowMs = RECENT_WINDOW_MS) {
    const latencies: number[] = [];
    let errors = 0;
    for (let index = 0; index < this.size; index += 1) {
      if (nowMs - (this.atMs[index] ?? 0) > windowMs) continue;
      latencies.push(this.latencyMs[index] ?? 0);
      if (this.failed[index] === 1) errors += 1;
    }
    latencies.sort((a, b) => a - b);
    return {
      windowMs,
      requests: latencies.length,
      errors,
      latencyP50Ms: nearestRank(latencies, 0.5),
      latencyP99Ms: nearestRank(latencies, 0.99),
    };
  }
}

function nearestRank(sorted: readonly number[], quantile: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil(quantile * sorted.length);
  return Math.round(sorted[Math.max(0, rank - 1)] ?? 0);
}
