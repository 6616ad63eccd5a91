import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildUsageRecord, buildUsageRecords } from '../../test/support/usage-records.js';
import { openStore } from './open-store.js';
import type { Store, StoreLogger } from './store.js';
import type { UsageRecord } from './store-types.js';
import { UsageBatchWriter, type UsageBatchWriterOptions } from './usage-batch-writer.js';

interface LogEntry {
  level: 'info' | 'warn' | 'error';
  fields: object;
  message: string | undefined;
}

function createRecordingLogger(): StoreLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (fields, message) => entries.push({ level: 'info', fields, message }),
    warn: (fields, message) => entries.push({ level: 'warn', fields, message }),
    error: (fields, message) => entries.push({ level: 'error', fields, message }),
  };
}

describe('UsageBatchWriter on a SQLite store', () => {
  let dataDir: string;
  let store: Store;
  let spillPath: string;
  let logger: ReturnType<typeof createRecordingLogger>;
  const writers: UsageBatchWriter[] = [];
  let appendCalls: number[];

  /** The store's own append, counted; `failFirst` calls (or every call, if Infinity) throw instead. */
  function countingAppend(failFirst = 0): UsageBatchWriterOptions['append'] {
    let calls = 0;
    return async (records: UsageRecord[]) => {
      calls += 1;
      if (calls <= failFirst) throw new Error('database is locked');
      appendCalls.push(records.length);
      return store.appendUsageBatch(records);
    };
  }

  function createWriter(options: Partial<UsageBatchWriterOptions> = {}): UsageBatchWriter {
    const writer = new UsageBatchWriter({
      append: countingAppend(),
      spillPath,
      logger,
      flushIntervalMs: 10,
      minRetryDelayMs: 5,
      maxRetryDelayMs: 20,
      ...options,
    });
    writers.push(writer);
    return writer;
  }

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'opt-writer-'));
    spillPath = path.join(dataDir, 'spill', 'usage-spill.jsonl');
    store = await openStore({ databaseUrl: null, dataDir });
    await store.migrate();
    logger = createRecordingLogger();
    appendCalls = [];
  });

  afterEach(async () => {
    await Promise.all(writers.splice(0).map((writer) => writer.close()));
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('turns many enqueues into a few batched appends', async () => {
    const writer = createWriter({ maxBatch: 500, flushIntervalMs: 50 });
    for (const record of buildUsageRecords(1_200)) writer.enqueue(record);
    expect(writer.pending).toBe(1_200);

    await vi.waitFor(() => expect(writer.pending).toBe(0), { timeout: 5_000, interval: 5 });
    expect(appendCalls).toEqual([500, 500, 200]);
    expect(await store.countUsage({})).toBe(1_200);
    expect(writer.stats).toEqual({ written: 1_200, spilled: 0, failedFlushes: 0, dropped: 0 });
  });

  it('flushes what is queued when closed', async () => {
    const writer = createWriter({ flushIntervalMs: 60_000 });
    for (const record of buildUsageRecords(10)) writer.enqueue(record);
    await writer.close();
    expect(await store.countUsage({})).toBe(10);
    expect(writer.pending).toBe(0);
    expect(existsSync(spillPath)).toBe(false);
  });

  it('keeps the rows when an append fails, logs it, and retries until it succeeds', async () => {
    const writer = createWriter({ append: countingAppend(2) });
    for (const record of buildUsageRecords(50)) writer.enqueue(record);

    await vi.waitFor(() => expect(writer.stats.written).toBe(50), { timeout: 5_000, interval: 5 });
    expect(await store.countUsage({})).toBe(50);
    expect(writer.stats.failedFlushes).toBe(2);
    const warnings = logger.entries.filter((entry) => entry.level === 'warn');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]?.fields).toMatchObject({ error: 'database is locked', pending: 50 });
  });

  it('spills to disk when the store is down at close, and a later replay writes each row once', async () => {
    const failing = createWriter({ append: countingAppend(Number.POSITIVE_INFINITY), closeAttempts: 2 });
    const records = buildUsageRecords(25);
    for (const record of records) failing.enqueue(record);
    await failing.close();

    expect(failing.stats).toMatchObject({ written: 0, spilled: 25, dropped: 0 });
    expect(readFileSync(spillPath, 'utf8').trim().split('\n')).toHaveLength(25);
    failing.enqueue(buildUsageRecord(25));
    expect(failing.stats.spilled).toBe(26);

    // Two rows already reached the store before the outage: replay must not double them.
    await store.appendUsageBatch(records.slice(0, 2));
    const restarted = createWriter({ maxBatch: 10 });
    expect(await restarted.replaySpill()).toBe(26);
    expect(existsSync(spillPath)).toBe(false);
    expect(await store.countUsage({})).toBe(26);
    expect((await store.queryUsage({ limit: 1_000 })).data.map((record) => record.requestId).sort()).toEqual(
      buildUsageRecords(26).map((record) => record.requestId),
    );
    expect(await restarted.replaySpill()).toBe(0);
  });

  it('bounds memory during an outage by spilling the oldest rows, logging once', async () => {
    const writer = createWriter({
      append: countingAppend(Number.POSITIVE_INFINITY),
      maxQueued: 100,
      maxBatch: 40,
      flushIntervalMs: 60_000,
    });
    for (const record of buildUsageRecords(250)) writer.enqueue(record);

    expect(writer.pending).toBeLessThanOrEqual(100);
    expect(writer.stats.spilled + writer.pending).toBe(250);
    const spilledIds = readFileSync(spillPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as UsageRecord).requestId);
    expect(spilledIds).toEqual(buildUsageRecords(writer.stats.spilled).map((record) => record.requestId));
    expect(logger.entries.filter((entry) => entry.level === 'error')).toHaveLength(1);
  });

  it('counts and logs rows it must drop when no spill file is configured', async () => {
    const writer = createWriter({
      append: countingAppend(Number.POSITIVE_INFINITY),
      spillPath: null,
      closeAttempts: 1,
    });
    for (const record of buildUsageRecords(3)) writer.enqueue(record);
    await writer.close();
    expect(writer.stats.dropped).toBe(3);
    expect(logger.entries.some((entry) => entry.level === 'error' && /lost/.test(entry.message ?? ''))).toBe(
      true,
    );
  });

  it('replays a spill file left half-written by a crash, skipping the torn line', async () => {
    const failing = createWriter({ append: countingAppend(Number.POSITIVE_INFINITY), closeAttempts: 1 });
    for (const record of buildUsageRecords(3)) failing.enqueue(record);
    await failing.close();
    appendFileSync(spillPath, '{"requestId":"req_torn","createdAt');

    const restarted = createWriter();
    expect(await restarted.replaySpill()).toBe(3);
    expect(await store.countUsage({})).toBe(3);
    expect(
      logger.entries.some((entry) => entry.level === 'warn' && /malformed/.test(entry.message ?? '')),
    ).toBe(true);
  });
});
