import { describe, expect, it } from 'vitest';
import { storeDialectCases, useStoreSubject } from '../../test/support/store-subjects.js';
import { recordAudit, toAuditView } from './audit-recorder.js';

describe.each(storeDialectCases)('$dialect: recordAudit', (dialectCase) => {
  const subject = useStoreSubject(dialectCase);

  it('stores before and after as JSON, drops any secret-named field, and reads back as objects', async () => {
    const { store } = subject();
    await recordAudit(store, {
      actor: { id: 'adm_1', name: 'ops' },
      action: 'key.update',
      targetType: 'key',
      targetId: 'key_1',
      before: { name: 'a', key_hint: 'sk-opt-...abcd', nested: { key: 'sk-opt-secret', api_key: 'up' } },
      after: { name: 'b', key_hash: 'ff00' },
      nowMs: 1_760_000_000_000,
    });
    const [entry] = (await store.queryAudit({})).data;
    expect(entry!.before).not.toContain('secret');
    expect(toAuditView(entry!)).toMatchObject({
      object: 'audit_entry',
      created_at: new Date(1_760_000_000_000).toISOString(),
      actor_id: 'adm_1',
      actor_name: 'ops',
      action: 'key.update',
      target_type: 'key',
      target_id: 'key_1',
      before: { name: 'a', key_hint: 'sk-opt-...abcd', nested: {} },
      after: { name: 'b' },
    });
    expect(entry!.id).toMatch(/^aud_/);
  });
});
