import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelTestRuntime } from '../../test/support/channel-runtime.js';
import { openSqliteSubject, type StoreSubject } from '../../test/support/store-subjects.js';
import { AdminKeyRegistry } from '../admin/admin-key-registry.js';
import { SUPPORTED_PROVIDERS } from '../config/channel-schema.js';
import { hashApiKey } from '../gateway/key-cache.js';
import { registerAdminRoutes } from './admin-routes.js';

const VIEWER_KEY = 'sk-opt-viewer-provider-test';

describe('GET /admin/providers', () => {
  let subject: StoreSubject;
  const app = Fastify();

  beforeAll(async () => {
    subject = await openSqliteSubject();
    await subject.store.migrate();
    const admins = new AdminKeyRegistry();
    admins.replaceAll([
      {
        id: 'adm_1',
        name: 'look',
        keyHash: hashApiKey(VIEWER_KEY),
        keyHint: '',
        role: 'viewer',
        createdAtMs: 1,
        revokedAtMs: null,
      },
    ]);
    await app.register(async (scope) =>
      registerAdminRoutes(scope, {
        admins,
        store: subject.store,
        runtime: createChannelTestRuntime({ configChannels: [] }),
        log: { warn() {}, error() {} },
      }),
    );
  });
  afterAll(async () => {
    await app.close();
    await subject.dispose();
  });

  it('lists every provider the config accepts, with preset base URLs and azure api_version, to viewers too', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/admin/providers',
      headers: { authorization: `Bearer ${VIEWER_KEY}` },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      object: string;
      data: Array<{ id: string; default_base_url: string | null; api_version: { default: string } | null }>;
    };
    expect(body.object).toBe('list');
    expect(body.data.map((provider) => provider.id)).toEqual(SUPPORTED_PROVIDERS);
    const byId = new Map(body.data.map((provider) => [provider.id, provider]));
    expect(byId.get('openai-compatible')).toMatchObject({ default_base_url: null, api_version: null });
    expect(byId.get('deepseek')).toMatchObject({ default_base_url: 'https://api.deepseek.com' });
    expect(byId.get('azure-openai')?.api_version?.default).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(byId.get('azure-openai')?.default_base_url).toBeNull();
  });

  it('needs an admin key', async () => {
    const response = await app.inject({ method: 'GET', url: '/admin/providers' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { type: expect.any(String) } });
  });
});
