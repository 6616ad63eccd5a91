// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the ${HOME} strings are references that must be taken literally.
import { describe, expect, it } from 'vitest';
import { buildConfigChannel, createChannelTestRuntime } from '../../test/support/channel-runtime.js';
import { captureRejection } from '../../test/support/gateway-rejection.js';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { fingerprintUpstreamKey } from '../store/upstream-key-fingerprint.js';
import type { AdminActor } from './audit-recorder.js';
import { ChannelService } from './channel-service.js';
import { createSecretBox } from './secret-box.js';

const NOW = 1_760_000_000_000;
const ADMIN: AdminActor = { id: 'adm_1', name: 'ops' };
const PAGE = { limit: 100, cursor: null };
const KEY_1 = 'sk-upstream-secret-0000000001';
const KEY_2 = 'sk-upstream-secret-0000000002';
const FULL_BODY = {
  name: 'main',
  provider: 'openai-compatible',
  base_url: 'https://api.example.com/v1/',
  api_keys: [KEY_1, KEY_2],
  models: ['gpt-a', 'gpt-b'],
  model_map: { 'gpt-a': 'gpt-a-2025' },
  headers: { 'X-Org': 'org-secret-header-value' },
  priority: -2,
  weight: 3,
  timeouts: { connect_ms: 1000, total_ms: 60_000 },
  max_connections: 8,
};

describe.each(storeDialectCases)('$dialect: ChannelService', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);
  const setup = (configChannels = [buildConfigChannel('yaml-one')]) => {
    const runtime = createChannelTestRuntime({ configChannels });
    const store = subject().store;
    return { store, runtime, channels: new ChannelService(store, runtime) };
  };

  it('creates a channel with sealed credentials, shows hints only, audits it and refreshes', async () => {
    const { store, runtime, channels } = setup();
    const created = await channels.create(FULL_BODY, ADMIN, NOW);
    expect(created).toMatchObject({
      object: 'channel',
      name: 'main',
      status: 'active',
      base_url: 'https://api.example.com/v1',
      api_keys: ['sk-...0001', 'sk-...0002'],
      key_count: 2,
      models: ['gpt-a', 'gpt-b'],
      model_map: { 'gpt-a': 'gpt-a-2025' },
      header_names: ['X-Org'],
      priority: -2,
      weight: 3,
      timeouts: { connect_ms: 1000, first_byte_ms: 300_000, idle_ms: 120_000, total_ms: 60_000 },
      max_connections: 8,
      source: 'api',
      created_at: new Date(NOW).toISOString(),
      health: {
        status: 'unknown',
        keys: [{ index: 0, hint: 'sk-...0001', disabled_at: null }, { index: 1 }],
      },
    });
    expect(created.id).toMatch(/^ch_[0-9a-f]{24}$/);
    expect(runtime.refresh).toHaveBeenCalledTimes(1);

    const row = await store.findChannelById(created.id);
    for (const secret of [KEY_1, 'org-secret-header-value']) {
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(JSON.stringify(created)).not.toContain(secret);
    }
    expect(JSON.parse(runtime.secretBox().open(row!.apiKeysSealed))).toEqual([KEY_1, KEY_2]);

    const [entry] = (await store.queryAudit({})).data;
    expect(entry).toMatchObject({ action: 'channel.create', targetType: 'channel', targetId: created.id });
    expect(entry!.after).not.toContain(KEY_1);
    expect(entry!.after).not.toContain('org-secret-header-value');
    const { health: _health, ...withoutHealth } = created;
    expect(JSON.parse(entry!.after!)).toEqual(withoutHealth);
  });

  it('fills the YAML defaults and takes `${...}` literally', async () => {
    const { store, runtime, channels } = setup();
    const created = await channels.create(
      { name: 'local', base_url: 'http://127.0.0.1:8000/v1', models: ['gpt-a'], api_key: '${HOME}x' },
      ADMIN,
      NOW,
    );
    expect(created).toMatchObject({
      provider: 'openai-compatible',
      api_keys: ['***'],
      priority: 0,
      weight: 1,
      model_map: {},
      header_names: [],
      timeouts: { connect_ms: 10_000, first_byte_ms: 300_000, idle_ms: 120_000, total_ms: 900_000 },
      max_connections: 256,
    });
    const row = await store.findChannelById(created.id);
    expect(JSON.parse(runtime.secretBox().open(row!.apiKeysSealed))).toEqual(['${HOME}x']);
  });

  it('refuses an invalid body naming the field, storing nothing', async () => {
    const { channels, store } = setup();
    const body = { name: 'x', base_url: 'https://u:p@a.example/v1', models: ['gpt-a'] };
    expect(await captureRejection(channels.create(body, ADMIN, NOW))).toMatchObject({
      status: 400,
      param: 'base_url',
    });
    expect(await store.listChannels()).toEqual([]);
  });

  it('keeps names unique across stored and config channels', async () => {
    const { channels } = setup();
    const created = await channels.create({ ...FULL_BODY, name: 'main' }, ADMIN, NOW);
    const other = await channels.create({ ...FULL_BODY, name: 'other' }, ADMIN, NOW);
    for (const attempt of [
      () => channels.create({ ...FULL_BODY, name: 'main' }, ADMIN, NOW),
      () => channels.create({ ...FULL_BODY, name: 'yaml-one' }, ADMIN, NOW),
      () => channels.update(other.id, { name: 'main' }, ADMIN, NOW),
      () => channels.update(other.id, { name: 'yaml-one' }, ADMIN, NOW),
    ]) {
      expect(await captureRejection(attempt())).toMatchObject({ status: 409, param: 'name' });
    }
    expect((await channels.update(created.id, { name: 'main' }, ADMIN, NOW)).name).toBe('main');
  });

  it('lists config channels first, read-only, then stored ones, with search, paging and health', async () => {
    const { channels, runtime } = setup([buildConfigChannel('yaml-one'), buildConfigChannel('yaml-two')]);
    const main = await channels.create(FULL_BODY, ADMIN, NOW);
    runtime.health.set('main', {
      targets: [{ model: 'gpt-a', state: 'closed', openedAtMs: null, nextProbeAtMs: null }],
      keys: [
        { index: 0, state: 'closed', coolingUntilMs: null },
        { index: 1, state: 'closed', coolingUntilMs: null },
      ],
      recent: { windowMs: 60_000, requests: 4, errors: 1, latencyP50Ms: 100, latencyP99Ms: 900 },
    });
    const all = await channels.list({ page: PAGE });
    expect(all.data.map((view) => [view.id, view.source])).toEqual([
      ['cfg_yaml-one', 'config'],
      ['cfg_yaml-two', 'config'],
      [main.id, 'api'],
    ]);
    expect(all.data[0]).toMatchObject({ api_keys: ['sk-...0001', 'sk-...0002'], created_at: null });
    expect(all.data[2]!.health).toMatchObject({
      status: 'healthy',
      targets: [{ model: 'gpt-a', breaker: 'closed' }],
      recent: { requests: 4, errors: 1, error_rate: 0.25, latency_p50_ms: 100 },
    });
    expect((await channels.list({ search: 'YAML', page: PAGE })).data).toHaveLength(2);
    const first = await channels.list({ page: { limit: 2, cursor: null } });
    const second = await channels.list({ page: { limit: 2, cursor: first.nextCursor } });
    expect([...first.data, ...second.data].map((view) => view.id)).toEqual(all.data.map((view) => view.id));
    expect(second.nextCursor).toBeNull();

    expect((await channels.get('cfg_yaml-two')).name).toBe('yaml-two');
    for (const attempt of [
      () => channels.update('cfg_yaml-one', { weight: 2 }, ADMIN, NOW),
      () => channels.setDisabled('cfg_yaml-one', true, ADMIN, NOW),
      () => channels.delete('cfg_yaml-one', ADMIN, NOW),
    ]) {
      expect(await captureRejection(attempt())).toMatchObject({ status: 409, code: 'conflict' });
    }
    for (const id of ['cfg_nothing', 'ch_nothing']) {
      expect(await captureRejection(channels.get(id))).toMatchObject({ status: 404 });
    }
  });

  it('patches: timeouts merge, null clears, api_keys replace whole or stay, audited before and after', async () => {
    const { store, runtime, channels } = setup();
    const created = await channels.create(FULL_BODY, ADMIN, NOW);
    const updated = await channels.update(
      created.id,
      { timeouts: { idle_ms: 5 }, headers: null, model_map: null, priority: null, max_connections: 2 },
      ADMIN,
      NOW + 1,
    );
    expect(updated).toMatchObject({
      api_keys: ['sk-...0001', 'sk-...0002'],
      header_names: [],
      model_map: {},
      priority: 0,
      weight: 3,
      timeouts: { connect_ms: 1000, idle_ms: 5, total_ms: 60_000 },
      max_connections: 2,
      updated_at: new Date(NOW + 1).toISOString(),
    });
    const replaced = await channels.update(
      created.id,
      { api_keys: ['sk-replacement-key-00000009'] },
      ADMIN,
      NOW + 2,
    );
    expect(replaced).toMatchObject({ api_keys: ['sk-...0009'], key_count: 1 });
    expect((await channels.update(created.id, { api_keys: [] }, ADMIN, NOW + 3)).key_count).toBe(0);
    expect(
      await captureRejection(
        channels.update(created.id, { models: ['gpt-b'], model_map: { 'gpt-a': 'x' } }, ADMIN, NOW),
      ),
    ).toMatchObject({ status: 400, param: 'model_map.gpt-a' });

    const audit = (await store.queryAudit({ action: 'channel.update' })).data;
    expect(audit).toHaveLength(3);
    const oldest = audit.at(-1)!;
    expect(JSON.parse(oldest.before!)).toMatchObject({ header_names: ['X-Org'], priority: -2 });
    expect(JSON.parse(oldest.after!)).toMatchObject({ header_names: [], priority: 0 });
    expect(runtime.refresh).toHaveBeenCalledTimes(4);
  });

  it('disables and enables once each, and deletes for good with the key states', async () => {
    const { store, channels } = setup();
    const created = await channels.create(FULL_BODY, ADMIN, NOW);
    const disabled = await channels.setDisabled(created.id, true, ADMIN, NOW + 1);
    expect(disabled).toMatchObject({ status: 'disabled', health: { status: 'disabled' } });
    await channels.setDisabled(created.id, true, ADMIN, NOW + 2);
    expect((await channels.setDisabled(created.id, false, ADMIN, NOW + 3)).status).toBe('active');
    await store.setKeyState('main', fingerprintUpstreamKey(KEY_1), {
      disabledAtMs: 1,
      reason: 'upstream 401',
    });

    const deleted = await channels.delete(created.id, ADMIN, NOW + 4);
    expect(deleted.name).toBe('main');
    expect(await store.listKeyStates()).toEqual([]);
    expect(await captureRejection(channels.get(created.id))).toMatchObject({ status: 404 });
    expect((await store.queryAudit({ targetId: created.id })).data.map((entry) => entry.action)).toEqual([
      'channel.delete',
      'channel.enable',
      'channel.disable',
      'channel.create',
    ]);
  });

  it('shows a key a 401 disabled in the health, and re-enables it (config channels too)', async () => {
    const { store, runtime, channels } = setup();
    const created = await channels.create(FULL_BODY, ADMIN, NOW);
    await store.setKeyState('main', fingerprintUpstreamKey(KEY_2), {
      disabledAtMs: NOW,
      reason: 'upstream 401',
    });
    expect((await channels.get(created.id)).health).toMatchObject({
      keys: [
        { index: 0, disabled_at: null },
        {
          index: 1,
          hint: 'sk-...0002',
          disabled_at: new Date(NOW).toISOString(),
          disabled_reason: 'upstream 401',
        },
      ],
    });
    const enabled = await channels.enableKey(created.id, '1', ADMIN, NOW + 5);
    expect(enabled.health?.keys[1]).toMatchObject({ disabled_at: null, disabled_reason: null });
    expect(await store.listKeyStates()).toEqual([]);
    expect(runtime.enableUpstreamKey).toHaveBeenCalledWith('main', 1);
    const [entry] = (await store.queryAudit({ action: 'channel.key_enable' })).data;
    expect(JSON.parse(entry!.before!)).toMatchObject({
      index: 1,
      hint: 'sk-...0002',
      reason: 'upstream 401',
    });
    expect(entry!.before).not.toContain(KEY_2);

    const yamlKey = buildConfigChannel('yaml-one').apiKeys[0]!;
    await store.setKeyState('yaml-one', fingerprintUpstreamKey(yamlKey), {
      disabledAtMs: NOW,
      reason: '403',
    });
    expect((await channels.get('cfg_yaml-one')).health?.status).toBe('degraded');
    await channels.enableKey('cfg_yaml-one', '0', ADMIN, NOW);
    expect(await store.listKeyStates()).toEqual([]);
    for (const index of ['2', 'x', '-1']) {
      expect(await captureRejection(channels.enableKey(created.id, index, ADMIN, NOW))).toMatchObject({
        status: 404,
        param: 'index',
      });
    }
  });

  it('tests a channel with its opened credentials through the runtime', async () => {
    const { runtime, channels } = setup();
    const created = await channels.create(FULL_BODY, ADMIN, NOW);
    expect(await channels.test(created.id)).toEqual({
      ok: true,
      latencyMs: 12,
      status: 200,
      model: 'gpt-a',
      error: null,
    });
    expect(runtime.testChannel.mock.calls[0]![0]).toMatchObject({ name: 'main', apiKeys: [KEY_1, KEY_2] });
    await channels.test('cfg_yaml-one');
    expect(runtime.testChannel.mock.calls[1]![0]).toMatchObject({ name: 'yaml-one' });
  });

  it('after a key change, shows the credentials error and takes only a full replacement', async () => {
    const { store, channels } = setup();
    const created = await channels.create(FULL_BODY, ADMIN, NOW);
    const rekeyed = new ChannelService(
      store,
      createChannelTestRuntime({ box: createSecretBox(Buffer.alloc(32, 9)) }),
    );
    const [view] = (await rekeyed.list({ page: PAGE })).data;
    expect(view).toMatchObject({ api_keys: null, key_count: null, header_names: null, name: 'main' });
    expect(view!.credentials_error).toMatch(/OPT_SECRET_KEY differs/);
    expect(await captureRejection(rekeyed.update(created.id, { weight: 2 }, ADMIN, NOW))).toMatchObject({
      status: 409,
    });
    expect(await captureRejection(rekeyed.test(created.id))).toMatchObject({ status: 409 });
    expect((await rekeyed.setDisabled(created.id, true, ADMIN, NOW)).status).toBe('disabled');
    const fixed = await rekeyed.update(created.id, { api_keys: [KEY_1], headers: {} }, ADMIN, NOW);
    expect(fixed).toMatchObject({ api_keys: ['sk-...0001'], header_names: [] });
    expect(fixed.credentials_error).toBeUndefined();
  });
});
