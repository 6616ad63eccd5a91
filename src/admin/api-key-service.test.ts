import { describe, expect, it, vi } from 'vitest';
import { captureRejection } from '../../test/support/gateway-rejection.js';
import { buildApiKeyRow, buildTeamRow } from '../../test/support/store-rows.js';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { hashApiKey } from '../gateway/key-cache.js';
import type { AdminRuntime } from './admin-runtime.js';
import { ApiKeyService } from './api-key-service.js';
import type { AdminActor } from './audit-recorder.js';
import { createOfflineAdminRuntime } from './offline-admin-runtime.js';

const NOW = 1_760_000_000_000;
const ADMIN: AdminActor = { id: 'adm_1', name: 'ops' };
const PAGE = { limit: 100, cursor: null };

function testRuntime(): AdminRuntime & { refresh: ReturnType<typeof vi.fn> } {
  return { ...createOfflineAdminRuntime('CNY', new Set(['gpt-a', 'gpt-b'])), refresh: vi.fn(async () => {}) };
}

describe.each(storeDialectCases)('$dialect: ApiKeyService', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);
  const setup = async () => {
    const { store } = subject();
    await store.insertTeam(buildTeamRow('team_r', { name: 'research', models: ['gpt-a'] }));
    const runtime = testRuntime();
    return { store, runtime, keys: new ApiKeyService(store, runtime) };
  };

  it('creates a key with every setting, shows the secret once and audits a view without it', async () => {
    const { store, runtime, keys } = await setup();
    const created = await keys.create(
      {
        name: 'bot',
        team: 'research',
        models: ['gpt-a'],
        budget: { amount: 5, period: 'rolling_5h' },
        limits: { rpm: 10, tpm: 2000, concurrency: 2 },
        expires_at: '2030-01-01T00:00:00Z',
        allow_ips: ['10.0.0.0/8', '::1'],
        prompt_logging: { retention_days: 3 },
      },
      ADMIN,
      NOW,
    );
    expect(created.key).toMatch(/^sk-opt-[A-Za-z0-9]{40}$/);
    expect(created).toMatchObject({
      object: 'api_key',
      name: 'bot',
      key_hint: `sk-opt-...${created.key.slice(-4)}`,
      status: 'active',
      team: 'research',
      team_id: 'team_r',
      models: ['gpt-a'],
      budget: { amount: '5', amount_micros: 5_000_000, period: 'rolling_5h' },
      limits: { rpm: 10, tpm: 2000, concurrency: 2 },
      expires_at: '2030-01-01T00:00:00.000Z',
      allow_ips: ['10.0.0.0/8', '::1'],
      prompt_logging: { retention_days: 3 },
      source: 'api',
    });
    const row = await store.findApiKeyById(created.id);
    expect(row?.keyHash).toBe(hashApiKey(created.key));
    expect(runtime.refresh).toHaveBeenCalledTimes(1);
    const audit = (await store.queryAudit({ targetType: 'key' })).data;
    expect(audit.map((entry) => entry.action)).toEqual(['key.create']);
    expect(audit[0]!.after).not.toContain(created.key);
    expect(audit[0]!.after).not.toContain(row!.keyHash);
    expect(audit[0]!.after).toContain(created.key_hint);
    const { key: _key, ...view } = created;
    expect(await keys.get(created.id, NOW)).toEqual(view);
  });

  it("keeps a key's models within its team's", async () => {
    const { keys } = await setup();
    expect(
      await captureRejection(keys.create({ name: 'bot', team: 'research', models: ['gpt-b'] }, ADMIN, NOW)),
    ).toMatchObject({ status: 400, param: 'models' });
    expect(await captureRejection(keys.create({ name: 'bot', team: 'nobody' }, ADMIN, NOW))).toMatchObject({
      status: 400,
      param: 'team',
    });
    const free = await keys.create({ name: 'bot', models: ['gpt-b'] }, ADMIN, NOW);
    expect(await captureRejection(keys.update(free.id, { team: 'research' }, ADMIN, NOW))).toMatchObject({
      param: 'models',
    });
    await expect(keys.update(free.id, { team: 'research', models: null }, ADMIN, NOW)).resolves.toMatchObject(
      {
        team: 'research',
        models: null,
      },
    );
  });

  it('updates in place, clears with null, and records before and after', async () => {
    const { store, keys } = await setup();
    const created = await keys.create(
      { name: 'bot', limits: { rpm: 10 }, allow_ips: ['10.0.0.1'] },
      ADMIN,
      NOW,
    );
    const updated = await keys.update(
      created.id,
      { name: 'bot-2', allow_ips: null, limits: { tpm: 500 } },
      ADMIN,
      NOW + 5,
    );
    expect(updated).toMatchObject({
      name: 'bot-2',
      allow_ips: null,
      limits: { rpm: 10, tpm: 500, concurrency: null },
      updated_at: new Date(NOW + 5).toISOString(),
    });
    expect((await store.findApiKeyById(created.id))?.keyHash).toBe(hashApiKey(created.key));
    const [entry] = (await store.queryAudit({ action: 'key.update' })).data;
    expect(JSON.parse(entry!.before!)).toMatchObject({ name: 'bot', allow_ips: ['10.0.0.1'] });
    expect(JSON.parse(entry!.after!)).toMatchObject({ name: 'bot-2', allow_ips: null });
  });

  it('disables, enables and revokes; a revoked key cannot change any more', async () => {
    const { store, keys } = await setup();
    const created = await keys.create({ name: 'bot' }, ADMIN, NOW);
    expect(await keys.setDisabled(created.id, true, ADMIN, NOW + 1)).toMatchObject({ status: 'disabled' });
    expect(await keys.setDisabled(created.id, false, ADMIN, NOW + 2)).toMatchObject({ status: 'active' });
    expect(await keys.revoke(created.id, ADMIN, NOW + 3)).toMatchObject({
      status: 'revoked',
      revoked_at: new Date(NOW + 3).toISOString(),
    });
    expect(await keys.revoke(created.id, ADMIN, NOW + 4)).toMatchObject({
      revoked_at: new Date(NOW + 3).toISOString(),
    });
    expect(await captureRejection(keys.update(created.id, { name: 'x' }, ADMIN, NOW))).toMatchObject({
      code: 'conflict',
    });
    expect(await captureRejection(keys.revoke('key_missing', ADMIN, NOW))).toMatchObject({
      code: 'not_found',
    });
    const actions = (await store.queryAudit({ targetId: created.id })).data.map((entry) => entry.action);
    expect(actions).toEqual(['key.revoke', 'key.enable', 'key.disable', 'key.create']);
  });

  it('refuses changes to a key the config declares', async () => {
    const { keys, store } = await setup();
    await store.insertApiKey(buildApiKeyRow('key_cfg', { source: 'config' }));
    for (const attempt of [
      () => keys.update('key_cfg', { name: 'x' }, ADMIN, NOW),
      () => keys.setDisabled('key_cfg', true, ADMIN, NOW),
      () => keys.revoke('key_cfg', ADMIN, NOW),
    ]) {
      expect(await captureRejection(attempt())).toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/config file/),
      });
    }
  });

  it('lists with search, team filter, revoked keys on request, and paging', async () => {
    const { keys } = await setup();
    const made = [];
    for (const [index, body] of [
      { name: 'alpha' },
      { name: 'beta', team: 'research' },
      { name: 'alphabet', team: 'research' },
    ].entries()) {
      made.push(await keys.create(body, ADMIN, NOW + index));
    }
    await keys.revoke(made[0]!.id, ADMIN, NOW + 10);
    expect((await keys.list({ search: 'ALPHA', page: PAGE }, NOW)).data.map((key) => key.name)).toEqual([
      'alphabet',
    ]);
    expect(
      (await keys.list({ search: 'alpha', includeRevoked: true, page: PAGE }, NOW)).data.map(
        (key) => key.name,
      ),
    ).toEqual(['alpha', 'alphabet']);
    const team = await keys.list({ teamId: 'team_r', page: { limit: 1, cursor: null } }, NOW);
    expect(team.data.map((key) => [key.name, key.team])).toEqual([['beta', 'research']]);
    const next = await keys.list({ teamId: 'team_r', page: { limit: 1, cursor: team.nextCursor } }, NOW);
    expect(next).toMatchObject({ data: [{ name: 'alphabet' }], nextCursor: null });
    expect(JSON.stringify(await keys.listAll(true, NOW))).not.toMatch(/sk-opt-[A-Za-z0-9]{40}/);
  });
});
