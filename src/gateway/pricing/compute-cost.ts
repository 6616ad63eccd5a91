import type { PriceRow } from '../../store/store-types.js';

/** Token counts as usage reports them; completion tokens include reasoning tokens. */
export interface CostCounts {
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
}

/** Prices are per million tokens and the multiplier is in parts per million: 10^6 · 10^6. */
const DIVISOR = 1_000_000_000_000n;
const HALF_DIVISOR = DIVISOR / 2n;

/**
 * What a request costs in micro-units, after the team's multiplier. Exact: the products can pass 2^53
 * (a million tokens × a large price × the multiplier), so they are BigInt, and the total is rounded
 * once, half up, rather than part by part. Without a price the request is free (0).
 */
export function computeCostMicros(
  counts: CostCounts,
  price: PriceRow | null | undefined,
  multiplierPpm: number,
): number {
  if (!price) return 0;
  const prompt = toBigInt(counts.promptTokens);
  const cached = toBigInt(counts.cachedTokens);
  const uncached = prompt > cached ? prompt - cached : 0n;
  const total =
    uncached * toBigInt(price.inputMicros) +
    cached * toBigInt(price.cachedInputMicros) +
    toBigInt(counts.completionTokens) * toBigInt(price.outputMicros);
  return Number((total * toBigInt(multiplierPpm) + HALF_DIVISOR) / DIVISOR);
}

/** The reservation before the call: the prompt uncached and the whole output allowance used. */
export function estimateCostMicros(
  promptTokens: number,
  maxOutputTokens: number,
  price: PriceRow | null | undefined,
  multiplierPpm: number,
): number {
  return computeCostMicros(
    { promptTokens, cachedTokens: 0, completionTokens: maxOutputTokens },
    price,
    multiplierPpm,
  );
}

/**
 * Counts and prices are integers already; a fraction (an estimate) is rounded up, never down, and
 * anything negative or not finite counts as 0, so a bad count can neither throw nor pay back.
 */
function toBigInt(value: number): bigint {
  return Number.isFinite(value) && value > 0 ? BigInt(Math.ceil(value)) : 0n;
}
