import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createRedisTestPrefix, REDIS_SKIP_MESSAGE } from '../../test/support/redis-test-prefix.js';
import {
  type ChangeKind,
  type ChangeNotifier,
  createChangeNotifier,
  NoopChangeNotifier,
} from './change-notifier.js';

const silent = { warn() {} };

describe('NoopChangeNotifier', () => {
  it('is what the factory gives without Redis, and does nothing', async () => {
    const notifier = createChangeNotifier({ redisUrl: null, prefix: 'opt:', logger: silent });
    expect(notifier).toBeInstanceOf(NoopChangeNotifier);
    expect(notifier.kind).toBe('none');
    const listener = vi.fn();
    notifier.onChange(listener);
    notifier.publish('keys');
    expect(await notifier.ready()).toBe(false);
    await notifier.close();
    expect(listener).not.toHaveBeenCalled();
  });
});

// Throws under CI=true when Redis is unreachable: a skipped Redis suite proves nothing there.
const redis = await createRedisTestPrefix();

if (redis === null) {
  describe('RedisChangeNotifier', () => {
    it.skip(REDIS_SKIP_MESSAGE, () => {});
  });
} else {
  const { url, prefix: runPrefix } = redis;
  let count = 0;
  const notifiers: ChangeNotifier[] = [];
  const open = async (prefix: string) => {
    const notifier = createChangeNotifier({ redisUrl: url, prefix, logger: silent });
    notifiers.push(notifier);
    expect(await notifier.ready()).toBe(true);
    return notifier;
  };
  const nextPrefix = () => `${runPrefix}${++count}:`;

  afterAll(async () => {
    await Promise.all(notifiers.map((notifier) => notifier.close()));
    await redis.cleanup();
  });

  describe('RedisChangeNotifier', () => {
    it("delivers one instance's change to another within 500 ms, not to itself", async () => {
      const prefix = nextPrefix();
      const a = await open(prefix);
      const b = await open(prefix);
      const seenByA: ChangeKind[] = [];
      const seenByB: ChangeKind[] = [];
      a.onChange((kind) => {
        seenByA.push(kind);
      });
      const received = new Promise<void>((resolve) => {
        b.onChange((kind) => {
          seenByB.push(kind);
          if (seenByB.length === 2) resolve();
        });
      });
      const started = Date.now();
      a.publish('keys');
      a.publish('channels');
      await received;
      expect(Date.now() - started).toBeLessThan(500);
      expect(seenByB).toEqual(['keys', 'channels']);
      // Give A's own messages time to arrive, were they not ignored.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seenByA).toEqual([]);
    });

    it('stays on its own prefix', async () => {
      const a = await open(nextPrefix());
      const other = await open(nextPrefix());
      const listener = vi.fn();
      other.onChange(listener);
      a.publish('keys');
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(listener).not.toHaveBeenCalled();
    });

    it('ignores malformed messages and survives a failing listener', async () => {
      const prefix = nextPrefix();
      const a = await open(prefix);
      const b = await open(prefix);
      const warnings: string[] = [];
      const logged = createChangeNotifier({
        redisUrl: url,
        prefix,
        logger: { warn: (_object, message) => warnings.push(message ?? '') },
      });
      notifiers.push(logged);
      expect(await logged.ready()).toBe(true);
      const seen: ChangeKind[] = [];
      logged.onChange(() => Promise.reject(new Error('reload broke')));
      logged.onChange((kind) => {
        seen.push(kind);
      });
      const raw = new Redis(url);
      try {
        await raw.publish(`${prefix}changes`, 'not json');
        await raw.publish(`${prefix}changes`, JSON.stringify({ kind: 'everything', from: 'x' }));
      } finally {
        raw.disconnect();
      }
      a.publish('channels');
      await vi.waitFor(() => expect(seen).toEqual(['channels']), { timeout: 500, interval: 10 });
      expect(warnings).toContain('ignoring a malformed OPT change message');
      await vi.waitFor(() => expect(warnings).toContain('reloading after an OPT change failed'), {
        timeout: 500,
      });
      await b.close();
      b.publish('keys'); // after close: dropped, never thrown
    });

    it('logs, never throws, when Redis is unreachable', async () => {
      const warnings: string[] = [];
      const notifier = createChangeNotifier({
        redisUrl: 'redis://127.0.0.1:1',
        prefix: nextPrefix(),
        logger: { warn: (_object, message) => warnings.push(message ?? '') },
      });
      try {
        notifier.publish('keys');
        expect(await notifier.ready(300)).toBe(false);
        await vi.waitFor(() => expect(warnings).toContain('Redis (change notifier) connection error'), {
          timeout: 1_000,
        });
      } finally {
        await notifier.close();
      }
    });
  });
}
