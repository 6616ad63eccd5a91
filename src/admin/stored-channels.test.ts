import { describe, expect, it } from 'vitest';
import { buildConfigChannel, createChannelTestRuntime } from '../../test/support/channel-runtime.js';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { fingerprintUpstreamKey } from '../store/upstream-key-fingerprint.js';
import { sealChannel } from './channel-entry.js';
import { ChannelService } from './channel-service.js';
import { createSecretBox } from './secret-box.js';
import { findDisabledKeys, loadStoredChannels } from './stored-channels.js';

const NOW = 1_760_000_000_000;
const ADMIN = { id: 'adm_1', name: 'ops' };

describe.each(storeDialectCases)('$dialect: loadStoredChannels', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);

  it('opens enabled channels, skips disabled, undecryptable and YAML-named ones, and maps disabled keys', async () => {
    const { store } = subject();
    const runtime = createChannelTestRuntime();
    const box = runtime.secretBox();
    const channels = new ChannelService(store, runtime);
    const keys = ['sk-stored-key-000000000001', 'sk-stored-key-000000000002'];
    await channels.create(
      {
        name: 'main',
        base_url: 'https://a.example/v1',
        api_keys: keys,
        models: ['gpt-a'],
        headers: { 'X-Org': 'org-1' },
        priority: 2,
      },
      ADMIN,
      NOW,
    );
    const off = await channels.create(
      { name: 'off', base_url: 'https://b.example/v1', models: ['gpt-a'] },
      ADMIN,
      NOW,
    );
    await channels.setDisabled(off.id, true, ADMIN, NOW);
    await channels.create(
      { name: 'shadowed', base_url: 'https://c.example/v1', models: ['gpt-b'] },
      ADMIN,
      NOW + 1,
    );
    const otherBox = createSecretBox(Buffer.alloc(32, 1));
    await store.insertChannel(
      sealChannel(buildConfigChannel('rekeyed'), otherBox, {
        id: 'ch_rekeyed',
        disabledAtMs: null,
        createdAtMs: NOW + 2,
        updatedAtMs: NOW + 2,
      }),
    );
    await store.setKeyState('main', fingerprintUpstreamKey(keys[1]!), {
      disabledAtMs: NOW,
      reason: 'upstream 401',
    });
    await store.setKeyState('yaml', 'abcdabcdabcdabcd', { disabledAtMs: NOW, reason: 'upstream 403' });

    const loaded = await loadStoredChannels(store, box, { reservedNames: new Set(['shadowed']) });
    expect(loaded.version).toBe(await store.getChannelsVersion());
    expect(loaded.channels).toEqual([
      {
        name: 'main',
        provider: 'openai-compatible',
        baseUrl: 'https://a.example/v1',
        apiKeys: keys,
        priority: 2,
        weight: 1,
        models: ['gpt-a'],
        modelMap: {},
        headers: { 'X-Org': 'org-1' },
        timeouts: { connectMs: 10_000, firstByteMs: 300_000, idleMs: 120_000, totalMs: 900_000 },
        maxConnections: 256,
      },
    ]);
    expect(loaded.skipped).toEqual([
      { name: 'shadowed', reason: 'the config file declares a channel of the same name' },
      {
        name: 'rekeyed',
        reason:
          'cannot decrypt channel credentials: OPT_SECRET_KEY differs from the key they were sealed with',
      },
    ]);
    expect(loaded.keyStates.map((state) => state.channelName)).toEqual(['main', 'yaml']);
    expect(findDisabledKeys(loaded.channels[0]!, loaded.keyStates)).toEqual([
      { index: 1, reason: 'upstream 401', disabledAtMs: NOW },
    ]);
    expect(findDisabledKeys(buildConfigChannel('other'), loaded.keyStates)).toEqual([]);
  });
});
