import { describe, expect, it, vi } from 'vitest';
import { captureRejection } from '../../test/support/gateway-rejection.js';
import { buildApiKeyRow, buildTeamRow } from '../../test/support/store-rows.js';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import type { AdminRuntime } from './admin-runtime.js';
import type { AdminActor } from './audit-recorder.js';
import { createOfflineAdminRuntime } from './offline-admin-runtime.js';
import { TeamService } from './team-service.js';

const NOW = 1_760_000_000_000;
const ADMIN: AdminActor = { id: 'adm_1', name: 'ops' };
const PAGE = { limit: 100, cursor: null };

function testRuntime(): AdminRuntime & { refresh: ReturnType<typeof vi.fn> } {
  return {
    ...createOfflineAdminRuntime('CNY', new Set(['gpt-a', 'gpt-b', 'org/c'])),
    refresh: vi.fn(async () => {}),
  };
}

describe.each(storeDialectCases)('$dialect: TeamService', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);
  const setup = () => {
    const runtime = testRuntime();
    return { store: subject().store, runtime, teams: new TeamService(subject().store, runtime) };
  };

  it('creates a team with every field and its members, audits it and refreshes the caches', async () => {
    const { store, runtime, teams } = setup();
    const created = await teams.create(
      {
        name: 'research',
        models: ['gpt-a'],
        budget: { amount: '100.5', period: 'monthly' },
        limits: { rpm: 60 },
        price_multiplier: '0.9',
        prompt_logging: { retention_days: 7 },
        members: [{ member: 'ana@example.com', role: 'owner' }],
      },
      ADMIN,
      NOW,
    );
    expect(created).toMatchObject({
      object: 'team',
      name: 'research',
      status: 'active',
      models: ['gpt-a'],
      budget: { amount: '100.5', amount_micros: 100_500_000, period: 'monthly' },
      limits: { rpm: 60, tpm: null, concurrency: null },
      price_multiplier: 0.9,
      prompt_logging: { retention_days: 7 },
      source: 'api',
      created_at: new Date(NOW).toISOString(),
      members: [{ member: 'ana@example.com', role: 'owner' }],
    });
    expect(created.id).toMatch(/^team_[0-9a-f]{24}$/);
    expect(await store.findTeamById(created.id)).toMatchObject({ priceMultiplierPpm: 900_000 });
    expect(runtime.refresh).toHaveBeenCalledTimes(1);
    const audit = await store.queryAudit({});
    expect(audit.data).toHaveLength(1);
    expect(audit.data[0]).toMatchObject({
      actorId: 'adm_1',
      actorName: 'ops',
      action: 'team.create',
      before: null,
    });
    expect(JSON.parse(audit.data[0]!.after!)).toEqual(created);
  });

  it('refuses a taken name, a model no channel serves, and an unknown field', async () => {
    const { teams } = setup();
    await teams.create({ name: 'research' }, ADMIN, NOW);
    expect(await captureRejection(teams.create({ name: 'research' }, ADMIN, NOW))).toMatchObject({
      code: 'conflict',
      status: 409,
    });
    expect(await captureRejection(teams.create({ name: 'x', models: ['gpt-9'] }, ADMIN, NOW))).toMatchObject({
      status: 400,
      param: 'models',
    });
    expect(await captureRejection(teams.create({ name: 'x', owner: 'me' }, ADMIN, NOW))).toMatchObject({
      param: 'owner',
    });
  });

  it('patches some fields, keeps the rest, and records before and after', async () => {
    const { store, teams } = setup();
    const team = await teams.create(
      { name: 'research', budget: { amount: 10, period: 'daily' }, limits: { rpm: 5, tpm: 1000 } },
      ADMIN,
      NOW,
    );
    const updated = await teams.update(
      team.id,
      { budget: { amount: 20 }, limits: { rpm: null }, expires_at: NOW + 1_000 },
      ADMIN,
      NOW + 1,
    );
    expect(updated).toMatchObject({
      name: 'research',
      budget: { amount: '20', period: 'daily' },
      limits: { rpm: null, tpm: 1000, concurrency: null },
      expires_at: new Date(NOW + 1_000).toISOString(),
      updated_at: new Date(NOW + 1).toISOString(),
    });
    const [entry] = (await store.queryAudit({ action: 'team.update' })).data;
    expect(JSON.parse(entry!.before!).budget.amount).toBe('10');
    expect(JSON.parse(entry!.after!).budget.amount).toBe('20');
    expect((await teams.update(team.id, { budget: null }, ADMIN, NOW + 2)).budget).toBeNull();
  });

  it('will not narrow the models under one of its keys', async () => {
    const { store, teams } = setup();
    const team = await teams.create({ name: 'research' }, ADMIN, NOW);
    await store.insertApiKey(buildApiKeyRow('key_1', { teamId: team.id, models: ['gpt-b'] }));
    expect(await captureRejection(teams.update(team.id, { models: ['gpt-a'] }, ADMIN, NOW))).toMatchObject({
      code: 'conflict',
    });
    await expect(teams.update(team.id, { models: ['gpt-a', 'gpt-b'] }, ADMIN, NOW)).resolves.toMatchObject({
      models: ['gpt-a', 'gpt-b'],
    });
  });

  it('disables and enables, auditing only real changes', async () => {
    const { store, teams } = setup();
    const team = await teams.create({ name: 'research' }, ADMIN, NOW);
    expect(await teams.setDisabled(team.id, true, ADMIN, NOW + 1)).toMatchObject({ status: 'disabled' });
    await teams.setDisabled(team.id, true, ADMIN, NOW + 2);
    expect(await teams.setDisabled(team.id, false, ADMIN, NOW + 3)).toMatchObject({
      status: 'active',
      disabled_at: null,
    });
    const actions = (await store.queryAudit({})).data.map((entry) => entry.action);
    expect(actions.sort()).toEqual(['team.create', 'team.disable', 'team.enable']);
  });

  it('soft-deletes only a team without live keys, and frees its name', async () => {
    const { store, teams } = setup();
    const team = await teams.create({ name: 'research' }, ADMIN, NOW);
    await store.insertApiKey(buildApiKeyRow('key_1', { teamId: team.id }));
    expect(await captureRejection(teams.delete(team.id, ADMIN, NOW))).toMatchObject({ code: 'conflict' });
    await store.revokeApiKey('key_1', NOW);
    expect(await teams.delete(team.id, ADMIN, NOW + 1)).toMatchObject({ status: 'deleted' });
    expect((await teams.list({ page: PAGE }, NOW)).data).toEqual([]);
    expect((await teams.list({ includeDeleted: true, page: PAGE }, NOW)).data).toHaveLength(1);
    expect(await captureRejection(teams.update(team.id, { limits: null }, ADMIN, NOW))).toMatchObject({
      code: 'conflict',
    });
    await expect(teams.create({ name: 'research' }, ADMIN, NOW + 2)).resolves.toMatchObject({
      name: 'research',
    });
  });

  it('lists with search and paging', async () => {
    const { teams } = setup();
    for (const [index, name] of ['alpha', 'beta', 'Alphabet', 'gamma'].entries()) {
      await teams.create({ name }, ADMIN, NOW + index);
    }
    const found = await teams.list({ search: 'ALPHA', page: PAGE }, NOW);
    expect(found.data.map((team) => team.name)).toEqual(['alpha', 'Alphabet']);
    expect(found.data[0]).not.toHaveProperty('members');
    const first = await teams.list({ page: { limit: 3, cursor: null } }, NOW);
    expect(first.data.map((team) => team.name)).toEqual(['alpha', 'beta', 'Alphabet']);
    const second = await teams.list({ page: { limit: 3, cursor: first.nextCursor } }, NOW);
    expect(second).toMatchObject({ data: [{ name: 'gamma' }], nextCursor: null });
  });

  it('manages members one at a time, with audit entries against the team', async () => {
    const { store, teams } = setup();
    const team = await teams.create({ name: 'research' }, ADMIN, NOW);
    expect(
      await teams.putMember(team.id, 'ana@example.com', { role: 'member' }, ADMIN, NOW + 1),
    ).toMatchObject({
      member: 'ana@example.com',
      role: 'member',
    });
    await teams.putMember(team.id, 'ana@example.com', { role: 'owner' }, ADMIN, NOW + 2);
    expect(await teams.listMembers(team.id)).toEqual([
      { member: 'ana@example.com', role: 'owner', created_at: new Date(NOW + 1).toISOString() },
    ]);
    expect(
      await captureRejection(teams.putMember(team.id, 'bo', { role: 'boss' }, ADMIN, NOW)),
    ).toMatchObject({
      param: 'role',
    });
    await teams.removeMember(team.id, 'ana@example.com', ADMIN, NOW + 3);
    expect(await captureRejection(teams.removeMember(team.id, 'ana@example.com', ADMIN, NOW))).toMatchObject({
      code: 'not_found',
    });
    const entries = (await store.queryAudit({ targetId: team.id })).data.map((entry) => entry.action);
    expect(entries).toEqual(['member.delete', 'member.put', 'member.put', 'team.create']);
  });

  it('refuses changes to a team the config declares, and 404s an unknown id', async () => {
    const { store, teams } = setup();
    await store.insertTeam(buildTeamRow('team_cfg', { name: 'ops', source: 'config' }));
    for (const attempt of [
      () => teams.update('team_cfg', { limits: null }, ADMIN, NOW),
      () => teams.setDisabled('team_cfg', true, ADMIN, NOW),
      () => teams.delete('team_cfg', ADMIN, NOW),
      () => teams.putMember('team_cfg', 'ana', { role: 'member' }, ADMIN, NOW),
    ]) {
      const error = await captureRejection(attempt());
      expect(error).toMatchObject({ code: 'conflict', status: 409 });
      expect(error.message).toMatch(/config file/);
    }
    expect(await captureRejection(teams.get('team_missing', NOW))).toMatchObject({
      code: 'not_found',
      status: 404,
    });
    expect((await store.queryAudit({})).data).toEqual([]);
  });
});
