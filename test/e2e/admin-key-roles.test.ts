import { describe, expect, it } from 'vitest';
import { DEPLOYMENTS, useDeploymentOpt } from '../support/deployments.js';
import { ADMIN_KEY } from '../support/start-test-opt.js';

describe.each(DEPLOYMENTS)('admin keys and roles ($name)', (deployment) => {
  const harness = useDeploymentOpt(deployment);

  function admin(method: string, path: string, body?: unknown, key = ADMIN_KEY) {
    return fetch(`${harness.opt.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: JSON.parse(await response.text()) }));
  }

  it('creates a viewer key shown once that can read but not change anything, and revokes it at once', async () => {
    const created = await admin('POST', '/admin/admin-keys', { name: 'console reader', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'admin_key', name: 'console reader', role: 'viewer' });
    const viewerKey: string = created.body.key;
    expect(viewerKey).toMatch(/^sk-opt-admin-/);

    expect((await admin('GET', '/admin/teams', undefined, viewerKey)).status).toBe(200);
    expect((await admin('GET', '/admin/audit', undefined, viewerKey)).status).toBe(200);
    const refused = await admin('POST', '/admin/teams', { name: 'nope' }, viewerKey);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ type: 'permission_error' });
    expect((await admin('POST', '/admin/admin-keys', { name: 'x' }, viewerKey)).status).toBe(403);

    const listed = await admin('GET', '/admin/admin-keys');
    expect(JSON.stringify(listed.body)).not.toContain(viewerKey);
    expect(listed.body.data.map((key: { name: string }) => key.name)).toContain('console reader');

    const revoked = await admin('DELETE', `/admin/admin-keys/${created.body.id}`);
    expect(revoked.body).toMatchObject({ deleted: true, role: 'viewer' });
    expect((await admin('GET', '/admin/teams', undefined, viewerKey)).status).toBe(401);

    const audit = await admin('GET', `/admin/audit?target_type=admin_key&target_id=${created.body.id}`);
    expect(audit.body.data.map((entry: { action: string }) => entry.action)).toEqual([
      'admin_key.revoke',
      'admin_key.create',
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(viewerKey);
  });

  it('never revokes the OPT_ADMIN_KEY key or the last admin key, and validates input', async () => {
    const keys = await admin('GET', '/admin/admin-keys');
    const environmentKey = keys.body.data.find((key: { name: string }) => key.name === 'env:OPT_ADMIN_KEY');
    const refused = await admin('DELETE', `/admin/admin-keys/${environmentKey.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('OPT_ADMIN_KEY');

    const second = await admin('POST', '/admin/admin-keys', { name: 'second admin', role: 'admin' });
    expect(second.status).toBe(201);
    // Two admins now; the second may go, and then it is the environment key that remains.
    expect((await admin('DELETE', `/admin/admin-keys/${second.body.id}`)).status).toBe(200);

    const badRole = await admin('POST', '/admin/admin-keys', { name: 'x', role: 'root' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.param).toBe('role');
    expect((await admin('DELETE', '/admin/admin-keys/adm_missing')).status).toBe(404);
  });
});
