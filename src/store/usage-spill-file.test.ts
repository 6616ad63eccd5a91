import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildUsageRecord } from '../../test/support/usage-records.js';
import type { UsageRecord } from './store-types.js';
import { appendToSpillFile, readSpillFileBatches } from './usage-spill-file.js';

describe('usage spill file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opt-spill-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back records as written, and gives rows from before teams and prices their defaults', async () => {
    const filePath = path.join(dir, 'usage-spill.jsonl');
    const current = buildUsageRecord(1, {
      teamId: 'team_a',
      costMicros: 12,
      bodies: { request: '{}', response: '{}', expiresAtMs: 5 },
    });
    const { teamId: _teamId, costMicros: _costMicros, ...older } = buildUsageRecord(2);
    appendToSpillFile(filePath, [current]);
    writeFileSync(filePath, `${JSON.stringify(older)}\nnot json\n`, { flag: 'a' });

    const result = { malformedLines: 0 };
    const read: UsageRecord[] = [];
    for await (const batch of readSpillFileBatches(filePath, 10, result)) read.push(...batch);
    expect(read).toEqual([current, buildUsageRecord(2)]);
    expect(result.malformedLines).toBe(1);
  });
});
