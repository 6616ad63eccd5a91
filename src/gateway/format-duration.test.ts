import { describe, expect, it } from 'vitest';
import { formatDuration } from './quota-gate.js';

describe('formatDuration (OpenAI rate-limit reset style)', () => {
  it.each([
    [0, '0ms'],
    [20.2, '21ms'],
    [999, '999ms'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [59_999, '59.999s'],
    [60_000, '1m0s'],
    [360_500, '6m0s'],
    [3_725_000, '1h2m5s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
