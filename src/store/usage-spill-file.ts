import { appendFileSync, createReadStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { UsageRecord } from './store-types.js';

// The spill file holds usage rows the store could not take, one JSON object per line, so appends are cheap
// and a crash mid-write damages at most the last line.

/** Synchronous on purpose: it runs on overflow and at shutdown, when the rows must be on disk on return. */
export function appendToSpillFile(filePath: string, records: readonly UsageRecord[]): void {
  mkdirSync(path.dirname(filePath), { recursive: true });
  appendFileSync(filePath, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
}

export interface SpillFileReadResult {
  malformedLines: number;
}

/** Streams the file in batches of `batchSize`; lines that are not usage records are counted and skipped. */
export async function* readSpillFileBatches(
  filePath: string,
  batchSize: number,
  result: SpillFileReadResult,
): AsyncGenerator<UsageRecord[]> {
  const lines = createInterface({
    input: createReadStream(filePath, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let batch: UsageRecord[] = [];
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const record = parseSpilledRecord(line);
    if (record === null) {
      result.malformedLines += 1;
      continue;
    }
    batch.push(record);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function parseSpilledRecord(line: string): UsageRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const candidate = value as Partial<UsageRecord> | null;
  if (typeof candidate?.requestId === 'string' && typeof candidate.createdAtMs === 'number') {
    // A spill file written before teams and prices existed lacks these fields.
    return { teamId: null, costMicros: 0, ...candidate } as UsageRecord;
  }
  return null;
}
