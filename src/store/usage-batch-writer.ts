import { existsSync, renameSync, unlinkSync } from 'node:fs';
import type { StoreLogger } from './store.js';
import type { UsageRecord } from './store-types.js';
import { appendToSpillFile, readSpillFileBatches, type SpillFileReadResult } from './usage-spill-file.js';

export interface UsageBatchWriterOptions {
  /** Writes one batch; must be idempotent by requestId (`store.appendUsageBatch` is). */
  append: (records: UsageRecord[]) => Promise<unknown>;
  flushIntervalMs?: number;
  /** Rows per append call; reaching it in the queue triggers an immediate flush. */
  maxBatch?: number;
  /** Above this many queued rows the oldest go to the spill file, bounding memory during an outage. */
  maxQueued?: number;
  /** JSON-lines file for rows the store cannot take; null means such rows are dropped (logged). */
  spillPath: string | null;
  logger: StoreLogger;
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Flush attempts `close()` makes before spilling what is left. */
  closeAttempts?: number;
}

export interface UsageBatchWriterStats {
  written: number;
  spilled: number;
  failedFlushes: number;
  /** Rows lost: overflow or shutdown with no spill file, or the spill file could not be written. */
  dropped: number;
}

/**
 * Takes usage records off the request path: `enqueue` only pushes to an array, and a timer writes batches.
 * Failed writes keep their rows and retry with backoff; nothing is dropped without an error log.
 */
export class UsageBatchWriter {
  readonly stats: UsageBatchWriterStats = { written: 0, spilled: 0, failedFlushes: 0, dropped: 0 };
  readonly #append: (records: UsageRecord[]) => Promise<unknown>;
  readonly #maxBatch: number;
  readonly #maxQueued: number;
  readonly #spillPath: string | null;
  readonly #logger: StoreLogger;
  readonly #minRetryDelayMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #closeAttempts: number;
  readonly #timer: NodeJS.Timeout;
  #queue: UsageRecord[] = [];
  #inFlightCount = 0;
  #flushing: Promise<boolean> | null = null;
  #immediateFlushScheduled = false;
  #consecutiveFailures = 0;
  #retryAtMs = 0;
  #overflowing = false;
  #spillFailureLogged = false;
  #closing: Promise<void> | null = null;

  constructor(options: UsageBatchWriterOptions) {
    this.#append = options.append;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#maxQueued = options.maxQueued ?? 100_000;
    this.#spillPath = options.spillPath;
    this.#logger = options.logger;
    this.#minRetryDelayMs = options.minRetryDelayMs ?? 250;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
    this.#closeAttempts = options.closeAttempts ?? 3;
    // unref: a pending usage flush alone must not keep the process alive; shutdown calls close().
    this.#timer = setInterval(() => this.#onTick(), options.flushIntervalMs ?? 200);
    this.#timer.unref();
  }

  /** Rows accepted but not yet written (queued plus the batch being written). */
  get pending(): number {
    return this.#queue.length + this.#inFlightCount;
  }

  /** Synchronous and O(1) except during an overflow episode. */
  enqueue(record: UsageRecord): void {
    if (this.#closing !== null) {
      // A request that finishes during shutdown: no flush will run again, so go straight to disk.
      this.#spillOrDrop([record], 'usage row arrived after close');
      return;
    }
    this.#queue.push(record);
    if (this.#queue.length > this.#maxQueued) {
      this.#spillOverflow();
    } else if (
      this.#queue.length >= this.#maxBatch &&
      !this.#immediateFlushScheduled &&
      this.#flushing === null &&
      this.#consecutiveFailures === 0
    ) {
      this.#immediateFlushScheduled = true;
      setImmediate(() => {
        this.#immediateFlushScheduled = false;
        void this.#startFlush();
      }).unref();
    }
  }

  /** Writes everything queued now, ignoring backoff. Resolves true when the queue ended up empty. */
  async flush(): Promise<boolean> {
    if (this.#flushing !== null) await this.#flushing;
    return this.#startFlush();
  }

  /** Stops the timer and writes what is left; rows the store refuses go to the spill file. Never rejects. */
  close(): Promise<void> {
    if (this.#closing === null) {
      clearInterval(this.#timer);
      this.#closing = this.#flushForClose();
    }
    return this.#closing;
  }

  /**
   * Appends the rows of a spill file left by an earlier run, then deletes it. Call once at startup.
   * Rejects if the store fails; the file is kept (as `<spillPath>.replaying`) and replayed next time.
   * Replaying twice is harmless: append skips requestIds already stored.
   */
  async replaySpill(): Promise<number> {
    if (this.#spillPath === null) return 0;
    const replayPath = `${this.#spillPath}.replaying`;
    let replayed = 0;
    // Round one takes a file left by an interrupted replay (or the spill file); round two the spill file,
    // if both existed. Renaming first means rows spilled while we replay are not deleted unread.
    for (let round = 0; round < 2; round++) {
      if (!existsSync(replayPath)) {
        if (!existsSync(this.#spillPath)) break;
        renameSync(this.#spillPath, replayPath);
      }
      replayed += await this.#replayFile(replayPath);
      unlinkSync(replayPath);
    }
    if (replayed > 0) this.#logger.info({ rows: replayed }, 'usage rows replayed from the spill file');
    return replayed;
  }

  #onTick(): void {
    if (this.#flushing !== null || this.#queue.length === 0 || Date.now() < this.#retryAtMs) return;
    void this.#startFlush();
  }

  #startFlush(): Promise<boolean> {
    if (this.#flushing === null) {
      this.#flushing = this.#drain().finally(() => {
        this.#flushing = null;
      });
    }
    return this.#flushing;
  }

  /** Writes batches until the queue is empty (true) or an append fails (false). Never rejects. */
  async #drain(): Promise<boolean> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlightCount = batch.length;
      try {
        await this.#append(batch);
        this.stats.written += batch.length;
        this.#consecutiveFailures = 0;
      } catch (error) {
        // Back to the front: these rows are the oldest, and a retry re-sends them exactly as before.
        this.#inFlightCount = 0;
        this.#queue = batch.concat(this.#queue);
        this.#recordFailure(error);
        return false;
      }
      this.#inFlightCount = 0;
    }
    if (this.#overflowing) {
      this.#overflowing = false;
      this.#logger.warn({ spilled: this.stats.spilled }, 'usage queue drained after an overflow');
    }
    return true;
  }

  #recordFailure(error: unknown): void {
    this.stats.failedFlushes += 1;
    this.#consecutiveFailures += 1;
    const delayMs = Math.min(
      this.#maxRetryDelayMs,
      this.#minRetryDelayMs * 2 ** Math.min(this.#consecutiveFailures - 1, 20),
    );
    this.#retryAtMs = Date.now() + delayMs;
    this.#logger.warn(
      { error: errorMessage(error), pending: this.pending, retryInMs: delayMs },
      'usage flush failed; keeping the rows and retrying',
    );
  }

  #spillOverflow(): void {
    // Spill a whole batch at a time so the disk write is paid once per batch, not once per request.
    const count = Math.max(
      this.#queue.length - this.#maxQueued,
      Math.min(this.#maxBatch, this.#queue.length),
    );
    const overflow = this.#queue.splice(0, count);
    const spilled = this.#writeSpill(overflow);
    if (this.#overflowing) return;
    this.#overflowing = true;
    this.#logger.error(
      { maxQueued: this.#maxQueued, rows: overflow.length },
      spilled
        ? 'usage queue full; spilling the oldest rows to the spill file'
        : 'usage queue full and the rows could not be spilled; dropping the oldest rows',
    );
  }

  async #flushForClose(): Promise<void> {
    for (let attempt = 1; attempt <= this.#closeAttempts; attempt++) {
      if (await this.flush()) return;
      if (attempt < this.#closeAttempts) await sleep(this.#minRetryDelayMs * attempt);
    }
    const remaining = this.#queue;
    this.#queue = [];
    this.#spillOrDrop(remaining, 'usage store unavailable at shutdown');
  }

  #spillOrDrop(records: UsageRecord[], reason: string): void {
    if (this.#writeSpill(records)) {
      this.#logger.warn({ rows: records.length, reason }, 'usage rows written to the spill file');
    } else {
      this.#logger.error({ rows: records.length, reason }, 'usage rows lost: no usable spill file');
    }
  }

  /** True when the rows reached the spill file; otherwise they are counted as dropped. */
  #writeSpill(records: UsageRecord[]): boolean {
    if (records.length === 0) return true;
    if (this.#spillPath === null) {
      this.stats.dropped += records.length;
      return false;
    }
    try {
      appendToSpillFile(this.#spillPath, records);
      this.stats.spilled += records.length;
      this.#spillFailureLogged = false;
      return true;
    } catch (error) {
      this.stats.dropped += records.length;
      if (!this.#spillFailureLogged) {
        this.#spillFailureLogged = true;
        this.#logger.error({ error: errorMessage(error) }, 'cannot write the usage spill file');
      }
      return false;
    }
  }

  async #replayFile(filePath: string): Promise<number> {
    const result: SpillFileReadResult = { malformedLines: 0 };
    let replayed = 0;
    for await (const batch of readSpillFileBatches(filePath, this.#maxBatch, result)) {
      await this.#append(batch);
      replayed += batch.length;
      this.stats.written += batch.length;
    }
    // A crash mid-write can leave a truncated last line; say so rather than failing the whole replay.
    if (result.malformedLines > 0) {
      this.#logger.warn({ lines: result.malformedLines }, 'skipped malformed lines in the usage spill file');
    }
    return replayed;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
