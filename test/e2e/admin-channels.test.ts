import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, useDeploymentOpt } from '../support/deployments.js';
import { FakeOpenAiUpstream, UPSTREAM_KEY, UPSTREAM_KEYS } from '../support/fake-openai-upstream.js';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../support/postgres-database.js';
import { rawRequest } from '../support/raw-http.js';
import { createRedisTestPrefix, type RedisTestPrefix } from '../support/redis-test-prefix.js';
import { ADMIN_KEY, CLIENT_KEY, startTestOpt, type TestOpt } from '../support/start-test-opt.js';

const [FIRST_KEY, SECOND_KEY] = [UPSTREAM_KEYS[0]!, UPSTREAM_KEYS[1]!];

async function call(baseUrl: string, method: string, path: string, key: string, body?: unknown) {
  const response = await rawRequest(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, text: response.text, json: () => JSON.parse(response.text) };
}

function chat(baseUrl: string, model: string) {
  return call(baseUrl, 'POST', '/v1/chat/completions', CLIENT_KEY, {
    model,
    messages: [{ role: 'user', content: 'hi' }],
  });
}

async function eventually(check: () => Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** No full upstream key anywhere in a text (hints such as `sk-...6789` are fine). */
function expectNoFullKeys(text: string): void {
  for (const key of UPSTREAM_KEYS) expect(text).not.toContain(key);
}

describe.each(DEPLOYMENTS)('admin channels API end to end ($name)', (deployment) => {
  const harness = useDeploymentOpt(deployment);
  const admin = (method: string, path: string, body?: unknown) =>
    call(harness.opt.url, method, path, ADMIN_KEY, body);

  let channelId = '';

  it('a created channel serves its model on the very next request and is listed in /v1/models', async () => {
    const created = await admin('POST', '/admin/channels', {
      name: 'api-main',
      provider: 'openai-compatible',
      base_url: harness.upstream.url,
      api_keys: [FIRST_KEY, SECOND_KEY],
      models: ['api-model'],
      model_map: { 'api-model': 'api-upstream-a' },
    });
    expect(created.status, created.text).toBe(201);
    const channel = created.json();
    channelId = channel.id;
    expect(channel).toMatchObject({
      object: 'channel',
      name: 'api-main',
      status: 'active',
      source: 'api',
      base_url: harness.upstream.url,
      key_count: 2,
      models: ['api-model'],
      model_map: { 'api-model': 'api-upstream-a' },
      disabled_at: null,
    });
    expect(channel.api_keys).toHaveLength(2);
    expectNoFullKeys(created.text);

    const answer = await chat(harness.opt.url, 'api-model');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json().object).toBe('chat.completion');
    expect(harness.upstream.lastRequest().body.model).toBe('api-upstream-a');

    const models = await call(harness.opt.url, 'GET', '/v1/models', CLIENT_KEY);
    expect(models.status).toBe(200);
    expect(models.json().data.map((model: { id: string }) => model.id)).toContain('api-model');
  });

  it('never shows a full upstream key and keeps the keys sealed at rest', async () => {
    const listed = await admin('GET', '/admin/channels');
    expect(listed.status).toBe(200);
    expectNoFullKeys(listed.text);
    const one = await admin('GET', `/admin/channels/${channelId}`);
    expect(one.status).toBe(200);
    expectNoFullKeys(one.text);
    expect(one.json().api_keys).toEqual([expect.stringContaining('...'), expect.stringContaining('...')]);
    expect(one.json().api_keys[0].endsWith(FIRST_KEY.slice(-4))).toBe(true);

    // Through the store: the row as it is saved (PostgreSQL and SQLite alike).
    const row = await harness.opt.opt.store.findChannelById(channelId);
    expect(row).not.toBeNull();
    expect(row!.apiKeysSealed.startsWith('v1.')).toBe(true);
    expectNoFullKeys(JSON.stringify(row));
    expect(JSON.stringify(row)).not.toContain('sk-upstream');

    if (!deployment.shared) {
      // The raw SQLite row, read from the file as anyone with disk access would.
      const database = new Database(join(harness.opt.dataDir, 'opt.db'), {
        readonly: true,
        fileMustExist: true,
      });
      try {
        const raw = database.prepare('SELECT * FROM channels WHERE id = ?').get(channelId) as Record<
          string,
          unknown
        >;
        expect(raw).toBeDefined();
        expect(String(raw.api_keys_sealed).startsWith('v1.')).toBe(true);
        const text = JSON.stringify(raw);
        expectNoFullKeys(text);
        expect(text).not.toContain('sk-upstream');
      } finally {
        database.close();
      }
    }
  });

  it('a PATCH takes effect on the next request; disable removes the model at once and enable restores it', async () => {
    const patched = await admin('PATCH', `/admin/channels/${channelId}`, {
      model_map: { 'api-model': 'api-upstream-b' },
      weight: 3,
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json()).toMatchObject({ model_map: { 'api-model': 'api-upstream-b' }, weight: 3 });
    expect(patched.json().key_count).toBe(2);

    const afterPatch = await chat(harness.opt.url, 'api-model');
    expect(afterPatch.status, afterPatch.text).toBe(200);
    expect(harness.upstream.lastRequest().body.model).toBe('api-upstream-b');

    const disabled = await admin('POST', `/admin/channels/${channelId}/disable`);
    expect(disabled.status, disabled.text).toBe(200);
    expect(disabled.json()).toMatchObject({ status: 'disabled', health: { status: 'disabled' } });
    const gone = await chat(harness.opt.url, 'api-model');
    expect(gone.status, gone.text).toBe(404);
    expect(gone.json().error.code).toBe('model_not_found');
    const modelsWhileDisabled = await call(harness.opt.url, 'GET', '/v1/models', CLIENT_KEY);
    expect(modelsWhileDisabled.json().data.map((model: { id: string }) => model.id)).not.toContain(
      'api-model',
    );

    const enabled = await admin('POST', `/admin/channels/${channelId}/enable`);
    expect(enabled.status, enabled.text).toBe(200);
    expect(enabled.json()).toMatchObject({ status: 'active', disabled_at: null });
    const back = await chat(harness.opt.url, 'api-model');
    expect(back.status, back.text).toBe(200);
    expect(harness.upstream.lastRequest().body.model).toBe('api-upstream-b');
  });

  it('the channel test reports a healthy channel ok and a failing upstream with its status', async () => {
    const healthy = await admin('POST', `/admin/channels/${channelId}/test`);
    expect(healthy.status, healthy.text).toBe(200);
    expect(healthy.json()).toMatchObject({
      object: 'channel_test',
      ok: true,
      status: 200,
      model: 'api-model',
      latency_ms: expect.any(Number),
    });

    const failing = await admin('POST', '/admin/channels', {
      name: 'api-failing',
      base_url: harness.upstream.url,
      api_key: UPSTREAM_KEY,
      models: ['api-failing-model'],
      model_map: { 'api-failing-model': 'api-upstream-failing' },
    });
    expect(failing.status, failing.text).toBe(201);
    harness.upstream.setFailureMode('api-upstream-failing', { kind: 'fail-always', status: 500 });
    try {
      const result = await admin('POST', `/admin/channels/${failing.json().id}/test`);
      expect(result.status, result.text).toBe(200);
      expect(result.json()).toMatchObject({
        object: 'channel_test',
        ok: false,
        status: 500,
        model: 'api-failing-model',
        latency_ms: expect.any(Number),
        error: expect.any(String),
      });
      expectNoFullKeys(result.text);
    } finally {
      harness.upstream.setFailureMode('api-upstream-failing', null);
    }
  });

  it('an upstream 401 disables that key, the other key serves, and an admin enables it again', async () => {
    harness.upstream.rejectKey(FIRST_KEY, 401);
    try {
      const seenBefore = harness.upstream.keysSeen().length;
      for (let attempt = 0; attempt < 4; attempt++) {
        const answer = await chat(harness.opt.url, 'api-model');
        expect(answer.status, answer.text).toBe(200);
      }
      const seen = harness.upstream.keysSeen().slice(seenBefore);
      expect(seen).toContain(FIRST_KEY);
      // Once refused, the first key is not sent again.
      expect(seen.filter((key) => key === FIRST_KEY)).toHaveLength(1);

      await eventually(async () => {
        const view = (await admin('GET', `/admin/channels/${channelId}`)).json();
        expect(view.health.status).toBe('degraded');
        expect(view.health.keys[0]).toMatchObject({
          index: 0,
          disabled_at: expect.any(String),
          disabled_reason: expect.any(String),
        });
        expect(view.health.keys[1]).toMatchObject({ index: 1, disabled_at: null, disabled_reason: null });
      });
      const view = await admin('GET', `/admin/channels/${channelId}`);
      expectNoFullKeys(view.text);
    } finally {
      harness.upstream.reset();
    }

    const enabled = await admin('POST', `/admin/channels/${channelId}/keys/0/enable`);
    expect(enabled.status, enabled.text).toBe(200);
    expect(enabled.json().health.keys[0]).toMatchObject({ disabled_at: null, disabled_reason: null });
    const seenBefore = harness.upstream.keysSeen().length;
    for (let attempt = 0; attempt < 4; attempt++) {
      expect((await chat(harness.opt.url, 'api-model')).status).toBe(200);
    }
    expect(harness.upstream.keysSeen().slice(seenBefore)).toContain(FIRST_KEY);

    const badIndex = await admin('POST', `/admin/channels/${channelId}/keys/2/enable`);
    expect(badIndex.status).toBe(404);

    const audit = await admin('GET', '/admin/audit?target_type=channel&limit=100');
    expect(audit.status, audit.text).toBe(200);
    expectNoFullKeys(audit.text);
    const entries = audit.json().data as Array<{ action: string; target_id: string }>;
    const actions = entries.filter((entry) => entry.target_id === channelId).map((entry) => entry.action);
    for (const action of [
      'channel.create',
      'channel.update',
      'channel.disable',
      'channel.enable',
      'channel.key_enable',
    ]) {
      expect(actions).toContain(action);
    }
  });

  it('lists config channels as source config and refuses to change them', async () => {
    const listed = (await admin('GET', '/admin/channels?limit=100')).json();
    const fake = listed.data.find((channel: { name: string }) => channel.name === 'fake');
    expect(fake).toMatchObject({ id: 'cfg_fake', source: 'config', created_at: null });
    expect(listed.data.some((channel: { id: string }) => channel.id === channelId)).toBe(true);
    expectNoFullKeys(JSON.stringify(listed));

    const patch = await admin('PATCH', '/admin/channels/cfg_fake', { weight: 5 });
    expect(patch.status, patch.text).toBe(409);
    expect(patch.json().error.code).toBe('conflict');
    expect((await admin('POST', '/admin/channels/cfg_fake/disable')).status).toBe(409);
    expect((await admin('DELETE', '/admin/channels/cfg_fake')).status).toBe(409);
    expect((await chat(harness.opt.url, 'gpt-test')).status).toBe(200);

    const named = await admin('POST', '/admin/channels', {
      name: 'fake',
      base_url: harness.upstream.url,
      models: ['x'],
    });
    expect(named.status).toBe(409);
  });
});

describe('admin channels across two instances on one PostgreSQL database', () => {
  const upstream = new FakeOpenAiUpstream();
  const instances: TestOpt[] = [];
  let database: PostgresTestDatabase | null = null;
  let redis: RedisTestPrefix | null = null;
  let skipReason: string | null = null;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    redis = await createRedisTestPrefix();
    if (!database || !redis) {
      skipReason = 'PostgreSQL or Redis is unreachable: set OPT_TEST_DATABASE_URL and OPT_TEST_REDIS_URL';
      return;
    }
    await upstream.start();
    // Both instances must open the same sealed credentials: one OPT_SECRET_KEY for the fleet.
    const env = {
      OPT_SECRET_KEY: randomBytes(32).toString('hex'),
      OPT_REDIS_URL: redis.url,
      OPT_REDIS_PREFIX: redis.prefix,
    };
    instances.push(await startTestOpt({ upstreamUrl: upstream.url, databaseUrl: database.url, env }));
    instances.push(await startTestOpt({ upstreamUrl: upstream.url, databaseUrl: database.url, env }));
  }, 60_000);
  beforeEach((context) => {
    if (skipReason) context.skip(skipReason);
  });
  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await upstream.close();
    await redis?.cleanup();
    await database?.drop();
  }, 60_000);

  it('the second instance serves a channel created through the first within about 2 s', async () => {
    const [first, second] = instances as [TestOpt, TestOpt];
    expect((await chat(second.url, 'fleet-model')).status).toBe(404);

    const created = await call(first.url, 'POST', '/admin/channels', ADMIN_KEY, {
      name: 'fleet',
      base_url: upstream.url,
      api_keys: [FIRST_KEY, SECOND_KEY],
      models: ['fleet-model'],
      model_map: { 'fleet-model': 'fleet-upstream' },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.json().id as string;
    const createdAt = Date.now();
    await eventually(async () => {
      const answer = await chat(second.url, 'fleet-model');
      expect(answer.status, answer.text).toBe(200);
    }, 2_500);
    const propagationMs = Date.now() - createdAt;
    expect(propagationMs).toBeLessThan(2_500);
    expect(upstream.lastRequest().body.model).toBe('fleet-upstream');

    const seenOnSecond = await call(second.url, 'GET', `/admin/channels/${id}`, ADMIN_KEY);
    expect(seenOnSecond.status).toBe(200);
    expect(seenOnSecond.json()).toMatchObject({ name: 'fleet', key_count: 2, source: 'api' });
    expect(seenOnSecond.json().credentials_error).toBeUndefined();

    // A disable on the first instance takes the model off the second as well.
    expect((await call(first.url, 'POST', `/admin/channels/${id}/disable`, ADMIN_KEY)).status).toBe(200);
    await eventually(async () => {
      expect((await chat(second.url, 'fleet-model')).status).toBe(404);
    }, 2_500);
  });
});
