import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/gateway/key-cache.js';
import { DEPLOYMENTS, useDeploymentOpt } from '../support/deployments.js';
import { rawRequest } from '../support/raw-http.js';
import { ADMIN_KEY } from '../support/start-test-opt.js';

const PLATFORM_KEY = 'sk-platform-test-0123456789abcdef';
const VIEWER_KEY = 'sk-viewer-test-0123456789abcdef';

describe.each(DEPLOYMENTS)('admin tenancy API ($name)', (deployment) => {
  const harness = useDeploymentOpt(deployment, {
    yaml: {
      top: `
teams:
  - name: platform
    models: [gpt-test, tools]
    members:
      - { member: ops@example.com, role: owner }
`,
      keys: `
  - name: platform-bot
    key: ${PLATFORM_KEY}
    team: platform
`,
    },
  });

  beforeAll(async () => {
    if (!harness.opt) return;
    // A read-only admin key, made as an operator would with SQL access (there is no endpoint for it yet).
    await harness.opt.opt.store.insertAdminKey({
      id: 'adm_viewer',
      name: 'auditor',
      keyHash: hashApiKey(VIEWER_KEY),
      keyHint: 'sk-...cdef',
      role: 'viewer',
      createdAtMs: Date.now(),
      revokedAtMs: null,
    });
  });

  async function admin(method: string, path: string, body?: unknown, key = ADMIN_KEY) {
    const response = await rawRequest(`${harness.opt.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      headers: response.headers,
      text: response.text,
      json: () => JSON.parse(response.text),
    };
  }

  function chatWith(key: string, model = 'gpt-test') {
    return new OpenAI({
      apiKey: key,
      baseURL: `${harness.opt.url}/v1`,
      maxRetries: 0,
    }).chat.completions.create({
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
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  describe('admin teams API', () => {
    it('creates, lists, changes, disables and deletes a team', async () => {
      const created = await admin('POST', '/admin/teams', {
        name: 'research',
        models: ['gpt-test'],
        budget: { amount: '50', period: 'monthly' },
        limits: { rpm: 100 },
        price_multiplier: 0.8,
        members: [{ member: 'ana@example.com', role: 'owner' }],
      });
      expect(created.status, created.text).toBe(201);
      const team = created.json();
      expect(team).toMatchObject({
        object: 'team',
        name: 'research',
        budget: { amount: '50', amount_micros: 50_000_000, period: 'monthly' },
        limits: { rpm: 100, tpm: null, concurrency: null },
        price_multiplier: 0.8,
        source: 'api',
        members: [{ member: 'ana@example.com', role: 'owner' }],
      });

      const duplicate = await admin('POST', '/admin/teams', { name: 'research' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.json().error).toMatchObject({ code: 'conflict', type: 'invalid_request_error' });

      const bad = await admin('POST', '/admin/teams', { name: 'x', limits: { rpm: 0 } });
      expect(bad.status).toBe(400);
      expect(bad.json().error.param).toBe('limits.rpm');

      const listed = (await admin('GET', '/admin/teams?search=RESEARCH')).json();
      expect(listed).toMatchObject({ object: 'list', data: [{ id: team.id }], next_cursor: null });
      const firstPage = (await admin('GET', '/admin/teams?limit=1')).json();
      expect(firstPage.data).toHaveLength(1);
      const secondPage = (await admin('GET', `/admin/teams?limit=1&cursor=${firstPage.next_cursor}`)).json();
      expect(secondPage.data[0].id).not.toBe(firstPage.data[0].id);

      const patched = await admin('PATCH', `/admin/teams/${team.id}`, {
        budget: { amount: 75 },
        limits: null,
      });
      expect(patched.json()).toMatchObject({
        budget: { amount: '75', period: 'monthly' },
        limits: { rpm: null },
      });

      expect(
        (await admin('PUT', `/admin/teams/${team.id}/members/bo@example.com`, { role: 'member' })).status,
      ).toBe(200);
      expect((await admin('GET', `/admin/teams/${team.id}/members`)).json().data).toHaveLength(2);
      expect((await admin('DELETE', `/admin/teams/${team.id}/members/bo@example.com`)).status).toBe(200);
      expect((await admin('DELETE', `/admin/teams/${team.id}/members/bo@example.com`)).status).toBe(404);

      expect((await admin('POST', `/admin/teams/${team.id}/disable`)).json().status).toBe('disabled');
      expect((await admin('POST', `/admin/teams/${team.id}/enable`)).json().status).toBe('active');
      const deleted = await admin('DELETE', `/admin/teams/${team.id}`);
      expect(deleted.json()).toMatchObject({ id: team.id, status: 'deleted', deleted: true });
      expect((await admin('GET', '/admin/teams?search=research')).json().data).toEqual([]);
      expect(
        (await admin('GET', '/admin/teams?search=research&include_deleted=true')).json().data,
      ).toHaveLength(1);
      expect((await admin('GET', '/admin/teams/team_missing')).status).toBe(404);
    });

    it('refuses to change what the YAML config declares, saying so', async () => {
      const platform = (await admin('GET', '/admin/teams?search=platform')).json().data[0];
      expect(platform).toMatchObject({ source: 'config', models: ['gpt-test', 'tools'] });
      const refused = await admin('PATCH', `/admin/teams/${platform.id}`, { limits: { rpm: 1 } });
      expect(refused.status).toBe(409);
      expect(refused.json().error.message).toMatch(/config file/);
      const configKey = (await admin('GET', '/admin/keys?search=platform-bot')).json().data[0];
      expect(configKey).toMatchObject({ source: 'config', team: 'platform', team_id: platform.id });
      expect((await admin('DELETE', `/admin/keys/${configKey.id}`)).status).toBe(409);
      expect((await admin('POST', `/admin/keys/${configKey.id}/disable`)).status).toBe(409);
    });
  });

  describe('admin keys API', () => {
    it('creates a team key with every field, shows the key once, and enforces disable and revoke at once', async () => {
      const created = await admin('POST', '/admin/keys', {
        name: 'team bot',
        team: 'platform',
        models: ['gpt-test'],
        limits: { rpm: 1000 },
        allow_ips: ['127.0.0.1', '::1'],
        expires_at: '2099-01-01T00:00:00Z',
      });
      expect(created.status, created.text).toBe(201);
      const key = created.json();
      expect(key.key).toMatch(/^sk-opt-[A-Za-z0-9]{40}$/);
      expect(key).toMatchObject({ team: 'platform', allow_ips: ['127.0.0.1', '::1'], status: 'active' });
      await expect(chatWith(key.key)).resolves.toMatchObject({ object: 'chat.completion' });

      const shown = (await admin('GET', `/admin/keys/${key.id}`)).text;
      expect(shown).not.toContain(key.key);
      expect(shown).not.toContain(hashApiKey(key.key));

      const outside = await admin('PATCH', `/admin/keys/${key.id}`, { models: ['error-400'] });
      expect(outside.status).toBe(400);
      expect(outside.json().error.param).toBe('models');
      const renamed = await admin('PATCH', `/admin/keys/${key.id}`, {
        name: 'team bot 2',
        limits: { rpm: null },
      });
      expect(renamed.json()).toMatchObject({ name: 'team bot 2', limits: { rpm: null } });

      expect((await admin('POST', `/admin/keys/${key.id}/disable`)).json().status).toBe('disabled');
      await expect(chatWith(key.key)).rejects.toMatchObject({ status: 401 });
      await admin('POST', `/admin/keys/${key.id}/enable`);
      await expect(chatWith(key.key)).resolves.toMatchObject({ object: 'chat.completion' });
      expect((await admin('DELETE', `/admin/keys/${key.id}`)).json()).toMatchObject({
        status: 'revoked',
        deleted: true,
      });
      await expect(chatWith(key.key)).rejects.toMatchObject({ status: 401 });
      expect((await admin('PATCH', `/admin/keys/${key.id}`, { name: 'back' })).status).toBe(409);
    });

    it('answers 405 with Allow for a known path and a wrong method', async () => {
      const response = await admin('PUT', '/admin/teams');
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD, POST');
      expect((await admin('POST', '/admin/audit')).headers.allow).toBe('GET, HEAD');
    });
  });

  describe('admin roles and audit', () => {
    it('lets a viewer read but not write', async () => {
      await eventually(async () =>
        expect((await admin('GET', '/admin/teams', undefined, VIEWER_KEY)).status).toBe(200),
      );
      const refused = await admin('POST', '/admin/teams', { name: 'sneaky' }, VIEWER_KEY);
      expect(refused.status).toBe(403);
      expect(refused.json().error.type).toBe('permission_error');
      expect((await admin('GET', '/admin/settings', undefined, VIEWER_KEY)).json()).toMatchObject({
        object: 'settings',
        currency: expect.stringMatching(/^[A-Z]{3}$/),
      });
    });

    it('records who changed what, before and after, with no key material', async () => {
      const created = (await admin('POST', '/admin/keys', { name: 'audited' })).json();
      await admin('PATCH', `/admin/keys/${created.id}`, { name: 'audited-2' });
      const page = (await admin('GET', `/admin/audit?target_type=key&target_id=${created.id}`)).json();
      expect(page.data.map((entry: { action: string }) => entry.action)).toEqual([
        'key.update',
        'key.create',
      ]);
      expect(page.data[0]).toMatchObject({
        object: 'audit_entry',
        actor_name: 'env:OPT_ADMIN_KEY',
        before: { name: 'audited' },
        after: { name: 'audited-2' },
      });
      const everything = (await admin('GET', '/admin/audit?limit=1000')).text;
      expect(everything).not.toContain(created.key);
      expect(everything).not.toContain(PLATFORM_KEY);
      expect(everything).not.toContain(hashApiKey(created.key));
      const configEntries = (await admin('GET', '/admin/audit?action=team.create&limit=1000')).json().data;
      expect(configEntries.some((entry: { actor_name: string }) => entry.actor_name === 'config')).toBe(true);
      expect((await admin('GET', '/admin/audit?from=not-a-time')).json().error.param).toBe('from');
    });
  });
});
