import { describe, expect, it } from 'vitest';
import { buildTeamRow } from '../../test/support/store-rows.js';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import type { PriceRow } from './store-types.js';

function buildPrice(model: string, overrides: Partial<PriceRow> = {}): PriceRow {
  return {
    model,
    inputMicros: 2_500_000,
    cachedInputMicros: 1_250_000,
    outputMicros: 10_000_000,
    source: 'api',
    updatedAtMs: 1_700_000_000_000,
    ...overrides,
  };
}

describe.each(storeDialectCases)('$dialect store: teams and prices', (dialectCase) => {
  describe('teams', () => {
    const subject = useStoreSubject(dialectCase);

    it('round-trips every setting, updates by id and soft-deletes, bumping keys_version', async () => {
      const { store } = subject();
      const full = buildTeamRow('t1', {
        models: ['gpt-a'],
        budget: { amountMicros: 100_000_000, period: 'monthly' },
        limits: { rpm: 600, tpm: null, concurrency: 10 },
        priceMultiplierPpm: 900_000,
        expiresAtMs: 1_900_000_000_000,
        promptLogging: { retentionDays: 30 },
        source: 'config',
        createdAtMs: 1,
        updatedAtMs: 1,
      });
      await store.insertTeam(full);
      await store.insertTeam(buildTeamRow('t2', { createdAtMs: 2 }));
      expect(await store.getKeysVersion()).toBe(2);
      expect(await store.findTeamById('t1')).toEqual(full);
      expect(await store.findTeamByName('team-t2')).toEqual(buildTeamRow('t2', { createdAtMs: 2 }));
      expect(await store.listTeams()).toEqual([full, buildTeamRow('t2', { createdAtMs: 2 })]);

      const changed = buildTeamRow('t1', {
        name: 'renamed',
        budget: null,
        disabledAtMs: 5,
        updatedAtMs: 5,
        // Kept from the insert whatever the row says.
        source: 'api',
        createdAtMs: 99,
      });
      expect(await store.updateTeam(changed)).toBe(true);
      expect(await store.getKeysVersion()).toBe(3);
      expect(await store.findTeamById('t1')).toEqual({ ...changed, source: 'config', createdAtMs: 1 });
      expect(await store.updateTeam(buildTeamRow('missing'))).toBe(false);
      expect(await store.getKeysVersion()).toBe(3);

      const deleted = { ...changed, deletedAtMs: 7, updatedAtMs: 7 };
      expect(await store.updateTeam(deleted)).toBe(true);
      expect((await store.listTeams()).map((team) => team.id)).toEqual(['t2']);
      expect(
        (await store.listTeams({ includeDeleted: true })).map((team) => [team.id, team.deletedAtMs]),
      ).toEqual([
        ['t1', 7],
        ['t2', null],
      ]);
      expect(await store.findTeamByName('renamed')).toBeNull();
      expect((await store.findTeamById('t1'))?.deletedAtMs).toBe(7);
    });

    it('finds the live team when a deleted one shares its name', async () => {
      const { store } = subject();
      await store.insertTeam(buildTeamRow('old', { name: 'shared', createdAtMs: 1, deletedAtMs: 2 }));
      await store.insertTeam(buildTeamRow('new', { name: 'shared', createdAtMs: 3 }));
      expect((await store.findTeamByName('shared'))?.id).toBe('new');
      expect(await store.findTeamById('nobody')).toBeNull();
    });

    it('adds members, changes a role in place and removes members', async () => {
      const { store } = subject();
      await store.insertTeam(buildTeamRow('t1'));
      await store.upsertTeamMember({
        teamId: 't1',
        member: 'bob@example.com',
        role: 'member',
        createdAtMs: 2,
      });
      await store.upsertTeamMember({
        teamId: 't1',
        member: 'ann@example.com',
        role: 'owner',
        createdAtMs: 1,
      });
      await store.upsertTeamMember({
        teamId: 't2',
        member: 'bob@example.com',
        role: 'owner',
        createdAtMs: 3,
      });
      // A second upsert changes the role and keeps when the member joined.
      await store.upsertTeamMember({
        teamId: 't1',
        member: 'bob@example.com',
        role: 'owner',
        createdAtMs: 9,
      });
      expect(await store.listTeamMembers('t1')).toEqual([
        { teamId: 't1', member: 'ann@example.com', role: 'owner', createdAtMs: 1 },
        { teamId: 't1', member: 'bob@example.com', role: 'owner', createdAtMs: 2 },
      ]);

      expect(await store.removeTeamMember('t1', 'bob@example.com')).toBe(true);
      expect(await store.removeTeamMember('t1', 'bob@example.com')).toBe(false);
      expect((await store.listTeamMembers('t1')).map((row) => row.member)).toEqual(['ann@example.com']);
      expect((await store.listTeamMembers('t2')).map((row) => row.member)).toEqual(['bob@example.com']);
      expect(await store.listTeamMembers('nobody')).toEqual([]);
    });
  });

  describe('prices', () => {
    const subject = useStoreSubject(dialectCase);

    it('upserts, lists by model id and deletes, bumping keys_version on each change', async () => {
      const { store } = subject();
      await store.upsertPrice(buildPrice('gpt-b'));
      await store.upsertPrice(buildPrice('Gpt-a', { source: 'config' }));
      await store.upsertPrice(buildPrice('gpt-a'));
      expect(await store.getKeysVersion()).toBe(3);
      // Code-unit order: upper case before lower case on both dialects.
      expect((await store.listPrices()).map((price) => price.model)).toEqual(['Gpt-a', 'gpt-a', 'gpt-b']);

      const replaced = buildPrice('gpt-b', {
        inputMicros: 1,
        cachedInputMicros: 0,
        outputMicros: 2 ** 40,
        source: 'config',
        updatedAtMs: 5,
      });
      await store.upsertPrice(replaced);
      expect(await store.getKeysVersion()).toBe(4);
      expect((await store.listPrices()).find((price) => price.model === 'gpt-b')).toEqual(replaced);

      expect(await store.deletePrice('gpt-b')).toBe(true);
      expect(await store.getKeysVersion()).toBe(5);
      expect(await store.deletePrice('gpt-b')).toBe(false);
      expect(await store.getKeysVersion()).toBe(5);
      expect((await store.listPrices()).map((price) => price.model)).toEqual(['Gpt-a', 'gpt-a']);
    });
  });
});
