import { describe, expect, it } from 'vitest';
import type { PriceRow } from '../../store/store-types.js';
import { computeCostMicros, estimateCostMicros } from './compute-cost.js';

function price(inputMicros: number, cachedInputMicros: number, outputMicros: number): PriceRow {
  return { model: 'm', inputMicros, cachedInputMicros, outputMicros, source: 'config', updatedAtMs: 0 };
}

const LIST = 1_000_000;

describe('computeCostMicros', () => {
  it('prices prompt and completion per million tokens, after the multiplier', () => {
    // (1000 · 2.4 + 500 · 9.6) / 1e6 · 0.9 = 0.00648 units
    const counts = { promptTokens: 1000, cachedTokens: 0, completionTokens: 500 };
    expect(computeCostMicros(counts, price(2_400_000, 600_000, 9_600_000), 900_000)).toBe(6480);
    expect(computeCostMicros(counts, price(2_400_000, 600_000, 9_600_000), LIST)).toBe(7200);
  });

  it('prices cached prompt tokens at the cached price and only the rest at the input price', () => {
    // (200 uncached · 2.4 + 800 cached · 0.6) / 1e6 = 0.00096 units = 960 micros
    const counts = { promptTokens: 1000, cachedTokens: 800, completionTokens: 0 };
    expect(computeCostMicros(counts, price(2_400_000, 600_000, 9_600_000), LIST)).toBe(960);
  });

  it('counts no uncached tokens when more are cached than prompted (bad upstream data)', () => {
    const counts = { promptTokens: 100, cachedTokens: 300, completionTokens: 0 };
    // 300 cached · 0.6 / 1e6 = 0.00018 units
    expect(computeCostMicros(counts, price(2_400_000, 600_000, 9_600_000), LIST)).toBe(180);
  });

  it('rounds half up, once, on the total', () => {
    // One token at 0.5 micro-units per token: 0.5 → 1; at 0.499999 → 0.
    expect(
      computeCostMicros(
        { promptTokens: 1, cachedTokens: 0, completionTokens: 0 },
        price(500_000, 0, 0),
        LIST,
      ),
    ).toBe(1);
    expect(
      computeCostMicros(
        { promptTokens: 1, cachedTokens: 0, completionTokens: 0 },
        price(499_999, 0, 0),
        LIST,
      ),
    ).toBe(0);
    // 0.4 + 0.4 = 0.8 → 1; rounding each part first would give 0.
    const counts = { promptTokens: 1, cachedTokens: 0, completionTokens: 1 };
    expect(computeCostMicros(counts, price(400_000, 0, 400_000), LIST)).toBe(1);
    // 3 tokens · 0.5 · 0.333333 = 0.4999995 → 0; the multiplier is applied before the one rounding.
    expect(
      computeCostMicros(
        { promptTokens: 3, cachedTokens: 0, completionTokens: 0 },
        price(500_000, 0, 0),
        333_333,
      ),
    ).toBe(0);
  });

  it('stays exact where the intermediate product passes 2^53', () => {
    // 9,999,999 tokens at 999,999.999999 units per million, multiplier 1.234567:
    // 9,999,999 · 1,234,567 = 12,345,668,765,433, so the total is 12,345,668,765,433 · (10^12 − 1) / 10^12
    // = 12,345,668,765,433 − 12.345… = 12,345,668,765,420.65… micros → 12,345,668,765,421.
    const counts = { promptTokens: 0, cachedTokens: 0, completionTokens: 9_999_999 };
    expect(computeCostMicros(counts, price(0, 0, 999_999_999_999), 1_234_567)).toBe(12_345_668_765_421);
  });

  it('is free without a price', () => {
    const counts = { promptTokens: 1000, cachedTokens: 0, completionTokens: 500 };
    expect(computeCostMicros(counts, undefined, LIST)).toBe(0);
    expect(computeCostMicros(counts, null, LIST)).toBe(0);
  });

  it('neither throws nor pays back on fractional or negative counts', () => {
    const counts = { promptTokens: 1.2, cachedTokens: -5, completionTokens: Number.NaN };
    // 1.2 → 2 tokens (rounded up) at 1 unit per million = 2 micros.
    expect(computeCostMicros(counts, price(1_000_000, 0, 1_000_000), LIST)).toBe(2);
  });
});

describe('estimateCostMicros', () => {
  it('reserves the whole prompt uncached plus the output allowance', () => {
    expect(estimateCostMicros(1000, 500, price(2_400_000, 600_000, 9_600_000), 900_000)).toBe(6480);
    expect(estimateCostMicros(1000, 500, undefined, 900_000)).toBe(0);
  });
});
