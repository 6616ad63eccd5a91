import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { connectDatabase } from './connect-database.js';
import type { ChannelRow } from './store-types.js';
import { fingerprintUpstreamKey } from './upstream-key-fingerprint.js';

function buildChannelRow(id: string, overrides: Partial<ChannelRow> = {}): ChannelRow {
  return {
    id,
    name: `channel-${id}`,
    provider: 'openai-compatible',
    baseUrl: 'https://api.example.com/v1',
    apiVersion: null,
    apiKeysSealed: 'v1.sealed-keys',
    headersSealed: 'v1.sealed-headers',
    models: ['gpt-a'],
    modelMap: {},
    priority: 0,
    weight: 1,
    timeouts: { connectMs: 10_000, firstByteMs: 300_000, idleMs: 120_000, totalMs: 900_000 },
    maxConnections: 256,
    disabledAtMs: null,
    createdAtMs: 1_700_000_000_000,
    updatedAtMs: 1_700_000_000_000,
    ...overrides,
  };
}

const DISABLED = { disabledAtMs: 5, reason: 'upstream 401: invalid api key' };

describe.each(storeDialectCases)('$dialect store: channels', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);

  it('round-trips every field, updates by id and hard-deletes, bumping channels_version', async () => {
    const { store } = subject();
    const full = buildChannelRow('ch_1', {
      provider: 'azure-openai',
      apiVersion: '2024-10-21',
      models: ['gpt-a', 'org/b'],
      modelMap: { 'gpt-a': 'gpt-a-2025' },
      priority: -3,
      weight: 1000,
      timeouts: { connectMs: 1, firstByteMs: 2, idleMs: 3, totalMs: 2_147_483_647 },
      maxConnections: 65_535,
      disabledAtMs: 9,
      createdAtMs: 1,
      updatedAtMs: 2,
    });
    expect(await store.getChannelsVersion()).toBe(0);
    await store.insertChannel(full);
    await store.insertChannel(buildChannelRow('ch_2', { createdAtMs: 2 }));
    expect(await store.getChannelsVersion()).toBe(2);
    // Channels have their own counter: key caches are not reloaded for them.
    expect(await store.getKeysVersion()).toBe(0);
    expect(await store.findChannelById('ch_1')).toEqual(full);
    expect(await store.findChannelByName('channel-ch_2')).toEqual(
      buildChannelRow('ch_2', { createdAtMs: 2 }),
    );
    expect((await store.listChannels()).map((row) => row.id)).toEqual(['ch_1', 'ch_2']);

    const changed = buildChannelRow('ch_1', {
      baseUrl: 'http://127.0.0.1:9/v1',
      updatedAtMs: 7,
      createdAtMs: 99,
    });
    expect(await store.updateChannel(changed)).toBe(true);
    expect(await store.findChannelById('ch_1')).toEqual({ ...changed, createdAtMs: 1 });
    expect(await store.getChannelsVersion()).toBe(3);
    expect(await store.updateChannel(buildChannelRow('missing'))).toBe(false);
    expect(await store.getChannelsVersion()).toBe(3);

    expect(await store.deleteChannel('ch_1')).toBe(true);
    expect(await store.deleteChannel('ch_1')).toBe(false);
    expect(await store.getChannelsVersion()).toBe(4);
    expect(await store.findChannelById('ch_1')).toBeNull();
    expect(await store.findChannelByName('channel-ch_1')).toBeNull();
    expect((await store.listChannels()).map((row) => row.id)).toEqual(['ch_2']);
  });

  it('refuses a second channel with a taken name', async () => {
    const { store } = subject();
    await store.insertChannel(buildChannelRow('ch_1', { name: 'main' }));
    await expect(store.insertChannel(buildChannelRow('ch_2', { name: 'main' }))).rejects.toThrow();
    expect(await store.getChannelsVersion()).toBe(1);
  });

  it('keeps disabled keys by channel and fingerprint; renames carry them, deletes drop them', async () => {
    const { store } = subject();
    const fingerprint = fingerprintUpstreamKey('sk-upstream-1');
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    await store.insertChannel(buildChannelRow('ch_1', { name: 'main' }));
    await store.setKeyState('main', fingerprint, DISABLED);
    await store.setKeyState('main', 'ffff000011112222', { disabledAtMs: 6, reason: 'upstream 403' });
    // A config channel's key has a state too (config channels are not stored).
    await store.setKeyState('from-yaml', fingerprint, DISABLED);
    expect(await store.getChannelsVersion()).toBe(4);
    expect(await store.listKeyStates('main')).toEqual([
      { channelName: 'main', fingerprint: fingerprint, ...DISABLED },
      { channelName: 'main', fingerprint: 'ffff000011112222', disabledAtMs: 6, reason: 'upstream 403' },
    ]);

    // Disabling again replaces the reason; enabling deletes the row; enabling twice changes nothing.
    await store.setKeyState('main', 'ffff000011112222', { disabledAtMs: 8, reason: 'again' });
    await store.setKeyState('main', fingerprint, null);
    expect(await store.getChannelsVersion()).toBe(6);
    await store.setKeyState('main', fingerprint, null);
    expect(await store.getChannelsVersion()).toBe(6);
    expect(await store.listKeyStates('main')).toEqual([
      { channelName: 'main', fingerprint: 'ffff000011112222', disabledAtMs: 8, reason: 'again' },
    ]);

    await store.updateChannel(buildChannelRow('ch_1', { name: 'renamed' }));
    expect(await store.listKeyStates('main')).toEqual([]);
    expect((await store.listKeyStates()).map((state) => [state.channelName, state.reason])).toEqual([
      ['from-yaml', 'upstream 401: invalid api key'],
      ['renamed', 'again'],
    ]);
    await store.deleteChannel('ch_1');
    expect((await store.listKeyStates()).map((state) => state.channelName)).toEqual(['from-yaml']);
  });

  it('gives usage rows one attempt by default', async () => {
    const { store, location } = subject();
    await store.appendUsageBatch([
      {
        requestId: 'req_1',
        createdAtMs: 1,
        keyId: null,
        keyName: null,
        teamId: null,
        endpoint: '/v1/chat/completions',
        model: 'gpt-a',
        servedModel: null,
        channel: 'main',
        stream: false,
        status: 'ok',
        httpStatus: 200,
        promptTokens: 1,
        completionTokens: 1,
        cachedTokens: 0,
        reasoningTokens: 0,
        totalTokens: 2,
        usageSource: 'upstream',
        latencyMs: 5,
        ttftMs: null,
        errorCode: null,
        errorMessage: null,
        costMicros: 0,
        attempts: 1,
      },
    ]);
    const silent = { info() {}, warn() {}, error() {} };
    const { db } = await connectDatabase(location.databaseUrl, location.dataDir, silent);
    try {
      const rows = await sql<{ attempts: number }>`select attempts from usage_records`.execute(db);
      expect(rows.rows.map((row) => Number(row.attempts))).toEqual([1]);
    } finally {
      await db.destroy();
    }
  });
});
