import { describe, expect, it } from 'vitest';
import { orderTargets } from './target-order.js';

interface Target {
  name: string;
  priority: number;
  weight: number;
}

function target(name: string, priority: number, weight: number): Target {
  return { name, priority, weight };
}

function names(targets: readonly Target[]): string[] {
  return targets.map((entry) => entry.name);
}

/** Returns the given values in turn and counts the calls. */
function sequence(...values: number[]) {
  const state = { calls: 0 };
  const random = () => values[state.calls++ % values.length]!;
  return { state, random };
}

/** mulberry32: a seeded generator, so the distribution test is the same on every run. */
function seeded(seed: number): () => number {
  let value = seed >>> 0;
  return () => {
    value = (value + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(value ^ (value >>> 15), value | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('orderTargets', () => {
  it('puts higher priorities first, keeping each tier together', () => {
    const targets = [
      target('backup', 0, 1),
      target('main', 10, 1),
      target('spare', -5, 1),
      target('edge', 5, 1),
    ];
    expect(names(orderTargets(targets, () => 0))).toEqual(['main', 'edge', 'backup', 'spare']);
  });

  it('returns a new array and leaves the input alone', () => {
    const targets = [target('a', 0, 1), target('b', 1, 1)];
    const ordered = orderTargets(targets, () => 0);
    expect(ordered).not.toBe(targets);
    expect(names(targets)).toEqual(['a', 'b']);
  });

  it('handles empty and single-target routes without drawing', () => {
    const { state, random } = sequence(0.5);
    expect(orderTargets([], random)).toEqual([]);
    expect(names(orderTargets([target('only', 0, 1)], random))).toEqual(['only']);
    expect(state.calls).toBe(0);
  });

  it('draws by weight within a tier', () => {
    const tier = [target('a', 0, 1), target('b', 0, 3), target('c', 0, 1)];
    // Total 5: a = [0, 1), b = [1, 4), c = [4, 5).
    expect(names(orderTargets(tier, sequence(0.1, 0).random))).toEqual(['a', 'b', 'c']);
    expect(names(orderTargets(tier, sequence(0.5, 0).random))).toEqual(['b', 'a', 'c']);
    expect(names(orderTargets(tier, sequence(0.9, 0).random))).toEqual(['c', 'a', 'b']);
    // After b is placed, a and c share [0, 2): 0.75 × 2 = 1.5 picks c.
    expect(names(orderTargets(tier, sequence(0.5, 0.75).random))).toEqual(['b', 'c', 'a']);
  });

  it('draws once per position of a tier but the last', () => {
    const { state, random } = sequence(0.3);
    orderTargets(
      [target('a', 1, 1), target('b', 1, 2), target('c', 1, 3), target('d', 0, 1), target('e', 0, 1)],
      random,
    );
    expect(state.calls).toBe(2 + 1);
  });

  it('is deterministic for a given random sequence', () => {
    const tier = [target('a', 0, 2), target('b', 0, 5), target('c', 0, 1), target('d', 0, 4)];
    expect(names(orderTargets(tier, seeded(7)))).toEqual(names(orderTargets(tier, seeded(7))));
  });

  it('tries weightless targets last, in their configured order', () => {
    const tier = [target('zero-1', 0, 0), target('a', 0, 1), target('zero-2', 0, -2), target('b', 0, 1)];
    const { state, random } = sequence(0.99);
    expect(names(orderTargets(tier, random))).toEqual(['b', 'a', 'zero-1', 'zero-2']);
    expect(state.calls).toBe(2);
    expect(names(orderTargets([target('x', 0, 0), target('y', 0, 0)], () => 0.5))).toEqual(['x', 'y']);
  });

  it('survives a random() of exactly 1', () => {
    const tier = [target('a', 0, 1), target('b', 0, 1)];
    expect(names(orderTargets(tier, () => 1))).toEqual(['b', 'a']);
  });

  it('puts a weight-3 target first three times as often as a weight-1 target', () => {
    const tier = [target('light', 0, 1), target('heavy', 0, 3)];
    const random = seeded(42);
    const runs = 40_000;
    let heavyFirst = 0;
    for (let i = 0; i < runs; i++) if (orderTargets(tier, random)[0]!.name === 'heavy') heavyFirst++;
    expect(heavyFirst / runs).toBeGreaterThan(0.74);
    expect(heavyFirst / runs).toBeLessThan(0.76);
  });

  it('spreads second places by the remaining weights', () => {
    const tier = [target('a', 0, 1), target('b', 0, 2), target('c', 0, 3)];
    const random = seeded(1);
    const runs = 60_000;
    const first = { a: 0, b: 0, c: 0 };
    let bSecondAfterC = 0;
    let cFirst = 0;
    for (let i = 0; i < runs; i++) {
      const order = names(orderTargets(tier, random));
      first[order[0] as 'a' | 'b' | 'c']++;
      if (order[0] === 'c') {
        cFirst++;
        if (order[1] === 'b') bSecondAfterC++;
      }
    }
    expect(first.a / runs).toBeCloseTo(1 / 6, 1);
    expect(first.b / runs).toBeCloseTo(2 / 6, 1);
    expect(first.c / runs).toBeCloseTo(3 / 6, 1);
    // With c placed, b holds 2 of the remaining 3.
    expect(bSecondAfterC / cFirst).toBeCloseTo(2 / 3, 1);
  });
});
