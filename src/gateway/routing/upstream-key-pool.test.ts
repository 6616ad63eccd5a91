import { describe, expect, it } from 'vitest';
import { UpstreamKeyPool } from './upstream-key-pool.js';

const BREAKER = { failureThreshold: 2, windowMs: 10_000, cooldownMs: 30_000 };
const KEYS = [
  'sk-proj-AAAAAAAAAAAAAAAAAAAAAAAA1111',
  'sk-proj-BBBBBBBBBBBBBBBBBBBBBBBB2222',
  'AIzaSyCCCCCCCCCCCCCCCCCCCCCC3333',
];

function createPool(keys: readonly string[] = KEYS) {
  const clock = { nowMs: 5_000_000 };
  const pool = new UpstreamKeyPool(keys, BREAKER, () => clock.nowMs);
  return { clock, pool };
}

function acquireIndexes(pool: UpstreamKeyPool, count: number): Array<number | null> {
  const indexes: Array<number | null> = [];
  for (let i = 0; i < count; i++) indexes.push(pool.acquire()?.index ?? null);
  return indexes;
}

describe('UpstreamKeyPool', () => {
  it('hands keys out round-robin', () => {
    const { pool } = createPool();
    expect(pool.size).toBe(3);
    expect(pool.acquire()).toEqual({ index: 0, key: KEYS[0] });
    expect(acquireIndexes(pool, 5)).toEqual([1, 2, 0, 1, 2]);
  });

  it('returns the same lease object each time (no allocation per request)', () => {
    const { pool } = createPool(['sk-only-key-0123456789']);
    expect(pool.acquire()).toBe(pool.acquire());
  });

  it('always yields the keyless lease when the channel has no keys', () => {
    const { pool } = createPool([]);
    expect(pool.acquire()).toEqual({ index: -1, key: null });
    pool.report(-1, 'failure');
    pool.report(-1, 'failure');
    pool.report(-1, 'failure');
    expect(pool.acquire()).toEqual({ index: -1, key: null });
    expect(pool.health()).toEqual([]);
  });

  it('skips a disabled key until an admin enables it', () => {
    const { clock, pool } = createPool();
    clock.nowMs += 42;
    pool.disable(1, 'upstream 401 invalid_api_key');
    expect(acquireIndexes(pool, 4)).toEqual([0, 2, 0, 2]);
    expect(pool.health()[1]).toMatchObject({
      disabled: { reason: 'upstream 401 invalid_api_key', atMs: 5_000_042 },
    });
    clock.nowMs += 1_000;
    pool.disable(1, 'upstream 403');
    expect(pool.health()[1]!.disabled).toEqual({ reason: 'upstream 401 invalid_api_key', atMs: 5_000_042 });
    pool.enable(1);
    expect(pool.health()[1]!.disabled).toBeNull();
    expect(acquireIndexes(pool, 3)).toEqual([0, 1, 2]);
  });

  it('skips a cooling key until its retry-after passes', () => {
    const { clock, pool } = createPool();
    pool.coolDown(0, clock.nowMs + 2_000);
    expect(acquireIndexes(pool, 3)).toEqual([1, 2, 1]);
    expect(pool.health()[0]!.coolingUntilMs).toBe(clock.nowMs + 2_000);
    // A shorter retry-after from a later 429 does not shorten the cooldown.
    pool.coolDown(0, clock.nowMs + 500);
    clock.nowMs += 1_999;
    expect(pool.acquire()?.index).toBe(2);
    clock.nowMs += 1;
    expect(pool.health()[0]!.coolingUntilMs).toBeNull();
    expect(acquireIndexes(pool, 2)).toEqual([0, 1]);
  });

  it('skips a key whose breaker is open, then lets exactly one probe through', () => {
    const { clock, pool } = createPool();
    pool.report(2, 'failure');
    pool.report(2, 'failure');
    expect(pool.health()[2]!.state).toBe('open');
    expect(acquireIndexes(pool, 4)).toEqual([0, 1, 0, 1]);
    clock.nowMs += 30_000;
    expect(acquireIndexes(pool, 4)).toEqual([2, 0, 1, 0]);
    expect(pool.health()[2]!.state).toBe('half_open');
    pool.report(2, 'success');
    expect(pool.health()[2]!.state).toBe('closed');
    expect(acquireIndexes(pool, 3)).toEqual([1, 2, 0]);
  });

  it('frees a probe on a released outcome', () => {
    const { clock, pool } = createPool(['sk-lonely-key-000000000000']);
    pool.report(0, 'failure');
    pool.report(0, 'failure');
    clock.nowMs += 30_000;
    expect(pool.acquire()?.index).toBe(0);
    expect(pool.acquire()).toBeNull();
    pool.report(0, 'released');
    expect(pool.acquire()?.index).toBe(0);
  });

  it('returns null when no key is usable', () => {
    const { clock, pool } = createPool();
    pool.disable(0, 'upstream 403');
    pool.coolDown(1, clock.nowMs + 60_000);
    pool.report(2, 'failure');
    pool.report(2, 'failure');
    expect(pool.acquire()).toBeNull();
  });

  it('enable also clears the cooldown and the breaker history', () => {
    const { clock, pool } = createPool();
    pool.disable(0, 'upstream 401');
    pool.coolDown(0, clock.nowMs + 60_000);
    pool.report(0, 'failure');
    pool.report(0, 'failure');
    pool.enable(0);
    expect(pool.health()[0]).toMatchObject({ state: 'closed', disabled: null, coolingUntilMs: null });
    expect(pool.acquire()?.index).toBe(0);
  });

  it('ignores out-of-range indexes', () => {
    const { pool } = createPool();
    pool.report(7, 'failure');
    pool.coolDown(-1, Number.MAX_SAFE_INTEGER);
    pool.disable(3, 'nope');
    pool.enable(9);
    expect(acquireIndexes(pool, 3)).toEqual([0, 1, 2]);
  });

  it('reports health with hints that never contain the key', () => {
    const { pool } = createPool([...KEYS, 'short-key']);
    const health = pool.health();
    expect(health.map((entry) => entry.hint)).toEqual(['sk-...1111', 'sk-...2222', 'AIz...3333', '***']);
    expect(health[0]).toEqual({
      index: 0,
      hint: 'sk-...1111',
      state: 'closed',
      disabled: null,
      coolingUntilMs: null,
    });
    const text = JSON.stringify(health);
    for (const key of [...KEYS, 'short-key']) expect(text).not.toContain(key);
  });
});
