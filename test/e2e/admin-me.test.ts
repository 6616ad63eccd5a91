import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, useTestOpt } from '../support/start-test-opt.js';

describe('GET /admin/me', () => {
  const harness = useTestOpt();

  const me = (key?: string) =>
    fetch(`${harness.opt.url}/admin/me`, { headers: key ? { authorization: `Bearer ${key}` } : {} }).then(
      async (response) => ({
        status: response.status,
        body: (await response.json()) as { error?: { code: string } } & Record<string, unknown>,
      }),
    );

  it('names the calling admin key and its role, and nothing secret', async () => {
    const admin = await me(ADMIN_KEY);
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ object: 'admin', name: 'env:OPT_ADMIN_KEY', role: 'admin' });
    expect(JSON.stringify(admin.body)).not.toContain(ADMIN_KEY);

    const created = await fetch(`${harness.opt.url}/admin/admin-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'reader', role: 'viewer' }),
    }).then((response) => response.json() as Promise<{ key: string; id: string }>);
    const viewer = await me(created.key);
    expect(viewer.body).toEqual({ object: 'admin', id: created.id, name: 'reader', role: 'viewer' });
  });

  it('refuses a missing or wrong key with 401', async () => {
    expect((await me()).status).toBe(401);
    const wrong = await me('sk-wrong-0000000000000000');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.code).toBe('invalid_api_key');
  });

  it('answers another method with 405', async () => {
    const response = await fetch(`${harness.opt.url}/admin/me`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
