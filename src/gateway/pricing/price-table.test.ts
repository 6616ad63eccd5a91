import { describe, expect, it } from 'vitest';
import type { PriceRow } from '../../store/store-types.js';
import { PriceTable } from './price-table.js';

const ROW: PriceRow = {
  model: 'deepseek-chat',
  inputMicros: 2_000_000,
  cachedInputMicros: 500_000,
  outputMicros: 8_000_000,
  source: 'config',
  updatedAtMs: 1,
};

describe('PriceTable', () => {
  it('finds a price by public model id', () => {
    const table = new PriceTable([ROW]);
    expect(table.get('deepseek-chat')).toEqual(ROW);
    expect(table.get('gpt-4o')).toBeUndefined();
    expect(table.size).toBe(1);
  });

  it('is a snapshot: later changes to the rows it was built from do not reach it', () => {
    const row = { ...ROW };
    const table = new PriceTable([row]);
    row.outputMicros = 1;
    expect(table.get('deepseek-chat')?.outputMicros).toBe(8_000_000);
    expect(Object.isFrozen(table.get('deepseek-chat'))).toBe(true);
  });
});
