import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPSTREAM_KEY } from '../support/fake-openai-upstream.js';
import { rawRequest } from '../support/raw-http.js';
import { runOptCommand, type SpawnedOpt, spawnOptServer } from '../support/spawn-opt.js';
import { ADMIN_KEY, CLIENT_KEY, useTestOpt } from '../support/start-test-opt.js';

const harness = useTestOpt();

function admin(method: string, path: string, body?: unknown, key = ADMIN_KEY) {
  return rawRequest(`${harness.opt.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function chatWith(key: string, url = harness.opt.url) {
  return new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 }).chat.completions.create({
    model: 'gpt-test',
    messages: [{ role: 'user', content: 'hi' }],
  });
}

describe('admin key API', () => {
  it('creates a key shown once, which works at once and stops working at once when revoked', async () => {
    const created = await admin('POST', '/admin/keys', { name: 'bot', models: ['gpt-test'] });
    expect(created.status, created.text).toBe(201);
    const key = JSON.parse(created.text);
    expect(key.key).toMatch(/^sk-opt-[A-Za-z0-9]{40}$/);
    expect(key).toMatchObject({
      name: 'bot',
      models: ['gpt-test'],
      key_hint: `sk-opt-...${key.key.slice(-4)}`,
    });

    await expect(chatWith(key.key)).resolves.toMatchObject({ object: 'chat.completion' });

    const listed = JSON.parse((await admin('GET', '/admin/keys')).text);
    const entry = listed.data.find((item: { id: string }) => item.id === key.id);
    expect(entry).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(key.key);
    expect(JSON.stringify(listed)).not.toContain(CLIENT_KEY);

    const revoked = await admin('DELETE', `/admin/keys/${key.id}`);
    expect(revoked.status).toBe(200);
    expect(JSON.parse(revoked.text)).toMatchObject({ id: key.id, deleted: true });
    await expect(chatWith(key.key)).rejects.toMatchObject({ status: 401 });
    expect((await admin('DELETE', '/admin/keys/key_missing')).status).toBe(404);
  });

  it('rejects bad input with 400 naming the field', async () => {
    const noName = await admin('POST', '/admin/keys', { models: ['gpt-test'] });
    expect(noName.status).toBe(400);
    expect(JSON.parse(noName.text).error.param).toBe('name');
    const unknownModel = await admin('POST', '/admin/keys', { name: 'x', models: ['gpt-9'] });
    expect(JSON.parse(unknownModel.text).error).toMatchObject({ param: 'models' });
  });

  it('requires the admin key: client keys and no key get 401', async () => {
    expect((await admin('GET', '/admin/keys', undefined, CLIENT_KEY)).status).toBe(401);
    expect((await rawRequest(`${harness.opt.url}/admin/keys`)).status).toBe(401);
    // Percent-encoding the path does not slip past the admin hook.
    expect((await rawRequest(`${harness.opt.url}/%61dmin/keys`)).status).not.toBe(200);
  });

  it('filters usage by key, model and time range, with paging', async () => {
    for (let index = 0; index < 3; index++) await chatWith(CLIENT_KEY);
    await harness.opt.flushUsage();
    const first = JSON.parse((await admin('GET', '/admin/usage?model=gpt-test&limit=2')).text);
    expect(first.data).toHaveLength(2);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = JSON.parse(
      (await admin('GET', `/admin/usage?model=gpt-test&limit=2&cursor=${first.next_cursor}`)).text,
    );
    expect(second.data.length).toBeGreaterThan(0);
    const future = JSON.parse((await admin('GET', `/admin/usage?from=${Date.now() + 60_000}`)).text);
    expect(future.data).toEqual([]);
    const bad = await admin('GET', '/admin/usage?from=yesterday-ish');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.param).toBe('from');
  });
});

describe('opt keys CLI against a running server', () => {
  let server: SpawnedOpt;

  beforeAll(async () => {
    server = await spawnOptServer(
      ['--config', harness.opt.configPath, '--data', `${harness.opt.dataDir}/cli`],
      {
        TEST_UPSTREAM_KEY: UPSTREAM_KEY,
        TEST_CLIENT_KEY: CLIENT_KEY,
        OPT_ADMIN_KEY: ADMIN_KEY,
      },
    );
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('creates, lists and revokes keys; the running server follows within a second or so', async () => {
    const env = { TEST_UPSTREAM_KEY: UPSTREAM_KEY, TEST_CLIENT_KEY: CLIENT_KEY };
    const data = ['--config', harness.opt.configPath, '--data', `${harness.opt.dataDir}/cli`];
    const created = await runOptCommand(
      ['keys', 'create', '--name', 'cli-bot', '--models', 'gpt-test', ...data],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const key = /(sk-opt-[A-Za-z0-9]{40})/.exec(created.stdout)?.[1];
    const id = /\((key_[a-z0-9]+)\)/.exec(created.stdout)?.[1];
    expect(key).toBeDefined();

    await eventually(async () =>
      expect(await chatWith(key!, server.url)).toMatchObject({ object: 'chat.completion' }),
    );

    const listed = await runOptCommand(['keys', 'list', ...data], env);
    expect(listed.stdout).toContain('cli-bot');
    expect(listed.stdout).not.toContain(key!);

    const revoked = await runOptCommand(['keys', 'revoke', id!, ...data], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    await eventually(async () => expect(chatWith(key!, server.url)).rejects.toMatchObject({ status: 401 }));
  });

  it('fails with a clear message for a malformed config', async () => {
    const result = await runOptCommand(['serve', '--config', '/nonexistent/harness.opt.yaml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('/nonexistent/harness.opt.yaml');
  });
});

async function eventually(check: () => Promise<void>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
