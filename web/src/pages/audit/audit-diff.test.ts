import { describe, expect, it } from 'vitest';
import { diffFields } from './audit-diff';

describe('diffFields', () => {
  it('lists nested changes as dotted paths, leaving equal fields out', () => {
    expect(
      diffFields(
        { name: 'a', limits: { rpm: 10, tpm: null }, models: ['x'] },
        { name: 'a', limits: { rpm: 20, tpm: null }, models: ['x', 'y'], budget: 5 },
      ),
    ).toEqual([
      { path: 'budget', before: undefined, after: 5, kind: 'added' },
      { path: 'limits.rpm', before: 10, after: 20, kind: 'changed' },
      { path: 'models', before: ['x'], after: ['x', 'y'], kind: 'changed' },
    ]);
  });

  it('treats a create as every field added and a delete as every field removed', () => {
    expect(diffFields(null, { id: 't1', limits: { rpm: 1 } })).toEqual([
      { path: 'id', before: undefined, after: 't1', kind: 'added' },
      { path: 'limits.rpm', before: undefined, after: 1, kind: 'added' },
    ]);
    expect(diffFields({ id: 't1' }, null)).toEqual([
      { path: 'id', before: 't1', after: undefined, kind: 'removed' },
    ]);
    expect(diffFields(null, null)).toEqual([]);
  });

  it('compares a field that turns from a value into an object as one change', () => {
    expect(diffFields({ budget: null }, { budget: { amount: 5 } })).toEqual([
      { path: 'budget', before: null, after: { amount: 5 }, kind: 'changed' },
    ]);
  });
});
