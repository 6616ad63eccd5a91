import type { UsageRecord } from '../../src/store/store-types.js';

/** A complete, valid usage record; deterministic for a given index. */
export function buildUsageRecord(index: number, overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    requestId: `req_${String(index).padStart(6, '0')}`,
    createdAtMs: 1_700_000_000_000 + index * 1_000,
    keyId: 'key_a',
    keyName: 'alpha',
    teamId: null,
    endpoint: '/v1/chat/completions',
    model: 'gpt-test',
    servedModel: 'gpt-test-2024-01-01',
    channel: 'main',
    stream: index % 2 === 0,
    status: 'ok',
    httpStatus: 200,
    promptTokens: 10 + index,
    completionTokens: 20,
    cachedTokens: 0,
    reasoningTokens: 0,
    totalTokens: 30 + index,
    usageSource: 'upstream',
    latencyMs: 120,
    ttftMs: 40,
    errorCode: null,
    errorMessage: null,
    costMicros: 0,
    attempts: 1,
    ...overrides,
  };
}

export function buildUsageRecords(count: number, overrides: Partial<UsageRecord> = {}): UsageRecord[] {
  return Array.from({ length: count }, (_, index) => buildUsageRecord(index, overrides));
}
