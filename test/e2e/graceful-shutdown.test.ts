import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { FakeOpenAiUpstream, UPSTREAM_KEY } from '../support/fake-openai-upstream.js';
import { spawnOptServer } from '../support/spawn-opt.js';
import { ADMIN_KEY, CLIENT_KEY, writeTestConfig } from '../support/start-test-opt.js';

const upstream = new FakeOpenAiUpstream();
let dataDir: string;

beforeAll(async () => {
  await upstream.start();
  dataDir = mkdtempSync(join(tmpdir(), 'opt-shutdown-'));
});
afterAll(async () => {
  await upstream.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Streams a long answer; calls `onEvents` once `count` events have arrived; resolves with the whole body. */
function streamSlowly(url: string, count: number, onEvents: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
    });
    outgoing.on('response', (response) => {
      let body = '';
      let notified = false;
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
        if (!notified && body.split('\n\n').length > count) {
          notified = true;
          onEvents();
        }
      });
      response.on('end', () => resolve(body));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(
      JSON.stringify({ model: 'slow-stream', messages: [{ role: 'user', content: 'go' }], stream: true }),
    );
  });
}

describe('SIGTERM', () => {
  it('stops accepting, lets the in-flight stream finish, flushes its usage, then exits 0', async () => {
    const configPath = writeTestConfig(dataDir, upstream.url);
    const server = await spawnOptServer(['--config', configPath, '--data', dataDir], {
      TEST_UPSTREAM_KEY: UPSTREAM_KEY,
      TEST_CLIENT_KEY: CLIENT_KEY,
      OPT_ADMIN_KEY: ADMIN_KEY,
    });
    let signalledAt = 0;
    const body = await streamSlowly(server.url, 3, () => {
      signalledAt = Date.now();
      server.child.kill('SIGTERM');
      // A new connection after SIGTERM is refused: the listener is closed.
      setTimeout(() => {
        fetch(`${server.url}/healthz`).then(
          () => {
            throw new Error('a new request was accepted after SIGTERM');
          },
          () => undefined,
        );
      }, 100);
    });
    expect(signalledAt).toBeGreaterThan(0);
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(body.split('\n\n').filter((event) => event.startsWith('data: {')).length).toBeGreaterThan(200);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('usage flushed');

    const store = await openStore({ databaseUrl: null, dataDir });
    try {
      const page = await store.queryUsage({ model: 'slow-stream' });
      expect(page.data).toHaveLength(1);
      expect(page.data[0]).toMatchObject({
        status: 'ok',
        stream: true,
        usageSource: 'upstream',
        completionTokens: 200,
      });
    } finally {
      await store.close();
    }
  });
});
