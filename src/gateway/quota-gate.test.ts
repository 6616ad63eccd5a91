import { describe, expect, it } from 'vitest';
import { buildAuthenticatedKey } from '../../test/support/authenticated-key.js';
import { CollectingSink } from '../../test/support/collecting-usage-sink.js';
import type { ChatRequest } from '../api/chat-types.js';
import type { GatewayError } from '../api/gateway-error.js';
import { toQuotaSubject } from './key-cache.js';
import { PriceTable } from './pricing/price-table.js';
import { MemoryQuotaStore } from './quota/memory-quota-store.js';
import type { QuotaStore } from './quota/quota-types.js';
import { QuotaGate } from './quota-gate.js';
import { RequestMeter } from './request-meter.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const request: ChatRequest = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] };
const prices = new PriceTable([
  {
    model: 'm',
    inputMicros: 1_000_000_000,
    cachedInputMicros: 0,
    outputMicros: 1_000_000_000,
    source: 'api',
    updatedAtMs: 0,
  },
]);
const silentLog = { error() {} };

function gate(quota: QuotaStore) {
  return new QuotaGate({
    quota,
    prices: () => prices,
    modelSubjects: new Map(),
    currency: 'CNY',
    reserveMaxTokens: 4096,
    tpmCountsCachedTokens: false,
    now: () => NOW,
    log: silentLog,
  });
}

function meterFor(limits: { rpm?: number; tpm?: number }, budgetMicros?: number): RequestMeter {
  const subject = toQuotaSubject(
    'key:key_test',
    budgetMicros === undefined ? null : { amountMicros: budgetMicros, period: 'daily' },
    { rpm: limits.rpm ?? null, tpm: limits.tpm ?? null, concurrency: null },
  );
  const key = buildAuthenticatedKey({ name: 'bot', quotaSubjects: subject ? [subject] : [] });
  return new RequestMeter(new CollectingSink(), 'req_1', key, 'chat.completions', 0, NOW, () => 0);
}

async function refusalOf(promise: Promise<unknown>): Promise<GatewayError> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: GatewayError) => error,
  );
}

describe('QuotaGate', () => {
  it('reserves the priced estimate (prompt + max_tokens) and reports the state', async () => {
    const meter = meterFor({ rpm: 5 }, 100_000);
    await gate(new MemoryQuotaStore()).admit(request, meter, 1_000);
    // 9 estimated prompt tokens + 10 output tokens at 1,000 a million each = 19,000 micros.
    expect(meter.quotaState).toMatchObject({
      requests: { limit: 5, remaining: 4 },
      budgetRemainingMicros: 100_000 - 19_000,
    });
    expect(meter.charge?.ticket).not.toBeNull();
  });

  it('refuses a request larger than the whole budget, and says retrying cannot help', async () => {
    const error = await refusalOf(gate(new MemoryQuotaStore()).admit(request, meterFor({}, 10_000), 1_000));
    expect(error).toMatchObject({
      status: 429,
      wireCode: 'insufficient_quota',
      wireType: 'insufficient_quota',
    });
    expect(error.message).toBe(
      "This request could cost more than the whole budget of key 'bot' (0.01 CNY); lower max_tokens.",
    );
    expect(error.headers).toEqual({ 'x-should-retry': 'false' });
  });

  it('refuses over budget with a retry-after until the window ends (midnight UTC for daily)', async () => {
    const quota = new MemoryQuotaStore();
    await gate(quota).admit(request, meterFor({}, 30_000), 1_000);
    const error = await refusalOf(gate(quota).admit(request, meterFor({}, 30_000), 1_000));
    expect(error.message).toBe(
      "You exceeded your current quota: the budget of key 'bot' (0.03 CNY) does not cover this request. Please try again in 12h0m0s.",
    );
    expect(error.headers).toMatchObject({ 'retry-after': String(12 * 3600) });
  });

  it('refuses over RPM with type requests and retry-after', async () => {
    const quota = new MemoryQuotaStore();
    await gate(quota).admit(request, meterFor({ rpm: 1 }), 1_000);
    const error = await refusalOf(gate(quota).admit(request, meterFor({ rpm: 1 }), 1_000));
    expect(error).toMatchObject({ status: 429, wireCode: 'rate_limit_exceeded', wireType: 'requests' });
    expect(error.headers).toMatchObject({ 'retry-after': '60', 'retry-after-ms': '60000' });
    expect(error.message).toBe(
      "Rate limit reached for key 'bot' on requests per min (RPM): Limit 1. Please try again in 1m0s.",
    );
  });

  it('fails closed with 503 when the quota store does not answer', async () => {
    const broken = new MemoryQuotaStore();
    broken.admit = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    const error = await refusalOf(gate(broken).admit(request, meterFor({ rpm: 1 }), 1_000));
    expect(error).toMatchObject({ status: 503, wireCode: 'quota_unavailable' });
    expect(error.message).not.toContain('ECONNREFUSED');
  });

  it('skips the store for a key with nothing to enforce but still prices the request', async () => {
    const quota = new MemoryQuotaStore();
    quota.admit = () => Promise.reject(new Error('must not be called'));
    const meter = meterFor({});
    await gate(quota).admit(request, meter, 1_000);
    expect(meter.charge?.costOf({ promptTokens: 1_000, cachedTokens: 0, completionTokens: 0 })).toBe(
      1_000_000,
    );
  });
});
