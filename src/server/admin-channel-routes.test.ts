import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildConfigChannel,
  type ChannelTestRuntime,
  createChannelTestRuntime,
} from '../../test/support/channel-runtime.js';
import { openSqliteSubject, type StoreSubject } from '../../test/support/store-subjects.js';
import { AdminKeyRegistry } from '../admin/admin-key-registry.js';
import { hashApiKey } from '../gateway/key-cache.js';
import { fingerprintUpstreamKey } from '../store/upstream-key-fingerprint.js';
import { registerAdminRoutes } from './admin-routes.js';

const ADMIN_KEY = 'sk-opt-admin-route-test';
const VIEWER_KEY = 'sk-opt-viewer-route-test';
const UPSTREAM_KEY = 'sk-upstream-route-test-0001';
const silentLog = { warn() {}, error() {} };

describe('/admin/channels routes', () => {
  let subject: StoreSubject;
  let runtime: ChannelTestRuntime;
  let app: FastifyInstance;

  beforeEach(async () => {
    subject = await openSqliteSubject();
    await subject.store.migrate();
    runtime = createChannelTestRuntime({ configChannels: [buildConfigChannel('yaml-one')] });
    const admins = new AdminKeyRegistry();
    admins.replaceAll([
      {
        id: 'adm_1',
        name: 'ops',
        keyHash: hashApiKey(ADMIN_KEY),
        keyHint: '',
        role: 'admin',
        createdAtMs: 1,
        revokedAtMs: null,
      },
      {
        id: 'adm_2',
        name: 'look',
        keyHash: hashApiKey(VIEWER_KEY),
        keyHint: '',
        role: 'viewer',
        createdAtMs: 1,
        revokedAtMs: null,
      },
    ]);
    app = Fastify();
    await app.register(async (scope) =>
      registerAdminRoutes(scope, {
        admins,
        store: subject.store,
        runtime,
        now: () => 1_760_000_000_000,
        log: silentLog,
      }),
    );
  });
  afterEach(async () => {
    await app.close();
    await subject.dispose();
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    key = ADMIN_KEY,
  ) => app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } });

  it('creates, lists with health, patches, tests, re-enables a key and deletes', async () => {
    const created = await call('POST', '/admin/channels', {
      name: 'main',
      base_url: 'https://api.example.com/v1',
      api_key: UPSTREAM_KEY,
      models: ['gpt-a'],
      headers: { Authorization: 'Bearer header-secret' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain(UPSTREAM_KEY);
    expect(created.body).not.toContain('header-secret');
    const { id } = created.json() as { id: string };

    const list = await call('GET', '/admin/channels?search=a');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      object: 'list',
      data: [
        { id: 'cfg_yaml-one', source: 'config', health: { status: 'unknown' } },
        { id, api_keys: ['sk-...0001'], header_names: ['Authorization'], health: { status: 'unknown' } },
      ],
      next_cursor: null,
    });
    expect(list.body).not.toContain(UPSTREAM_KEY);

    expect((await call('PATCH', `/admin/channels/${id}`, { weight: 5 })).json()).toMatchObject({ weight: 5 });
    expect((await call('PATCH', '/admin/channels/cfg_yaml-one', { weight: 5 })).statusCode).toBe(409);
    expect((await call('POST', `/admin/channels/${id}/disable`)).json()).toMatchObject({
      status: 'disabled',
    });
    expect((await call('POST', `/admin/channels/${id}/enable`)).json()).toMatchObject({ status: 'active' });

    runtime.testChannel.mockResolvedValueOnce({
      ok: false,
      latencyMs: 30,
      status: 401,
      model: 'gpt-a',
      error: 'bad key',
    });
    expect((await call('POST', `/admin/channels/${id}/test`)).json()).toEqual({
      object: 'channel_test',
      ok: false,
      latency_ms: 30,
      status: 401,
      model: 'gpt-a',
      error: 'bad key',
    });
    expect((await call('POST', '/admin/channels/cfg_yaml-one/test')).json()).toEqual({
      object: 'channel_test',
      ok: true,
      latency_ms: 12,
      status: 200,
      model: 'gpt-a',
    });

    await subject.store.setKeyState('main', fingerprintUpstreamKey(UPSTREAM_KEY), {
      disabledAtMs: 5,
      reason: 'upstream 401',
    });
    expect((await call('GET', `/admin/channels/${id}`)).json()).toMatchObject({
      health: { status: 'down', keys: [{ index: 0, disabled_reason: 'upstream 401' }] },
    });
    const enabled = await call('POST', `/admin/channels/${id}/keys/0/enable`);
    expect(enabled.json()).toMatchObject({ health: { keys: [{ index: 0, disabled_at: null }] } });
    expect((await call('POST', `/admin/channels/${id}/keys/3/enable`)).statusCode).toBe(404);

    const deleted = await call('DELETE', `/admin/channels/${id}`);
    expect(deleted.json()).toMatchObject({ id, deleted: true });
    const gone = await call('GET', `/admin/channels/${id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: { code: 'not_found', param: 'id' } });
  });

  it('lets a viewer read but not change, and refuses a bad body with the field named', async () => {
    expect((await call('GET', '/admin/channels', undefined, VIEWER_KEY)).statusCode).toBe(200);
    const refused = await call('POST', '/admin/channels', { name: 'x' }, VIEWER_KEY);
    expect(refused.statusCode).toBe(403);
    const bad = await call('POST', '/admin/channels', { name: 'x', base_url: 'nope', models: ['gpt-a'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { param: 'base_url', type: 'invalid_request_error' } });
  });
});
