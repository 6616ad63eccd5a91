import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENTS, useDeploymentOpt } from '../support/deployments.js';
import { rawRequest } from '../support/raw-http.js';
import { ADMIN_KEY } from '../support/start-test-opt.js';

describe.each(DEPLOYMENTS)('admin billing API ($name)', (deployment) => {
  const harness = useDeploymentOpt(deployment, {
    yaml: {
      top: `
currency: CNY
prices:
  gpt-test: { input: 1000, output: 2000 }
`,
    },
  });

  async function admin(method: string, path: string, body?: unknown) {
    const response = await rawRequest(`${harness.opt.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { ...response, json: () => JSON.parse(response.text) };
  }

  function chatWith(key: string) {
    return new OpenAI({
      apiKey: key,
      baseURL: `${harness.opt.url}/v1`,
      maxRetries: 0,
    }).chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hello there' }],
    });
  }

  describe('admin prices API', () => {
    it('lists config prices and sets, replaces and deletes API prices for ids with slashes', async () => {
      const listed = (await admin('GET', '/admin/prices')).json();
      expect(listed.data).toContainEqual(
        expect.objectContaining({
          model: 'gpt-test',
          input: '1000',
          output: '2000',
          currency: 'CNY',
          source: 'config',
        }),
      );
      const put = await admin('PUT', '/admin/prices/org/model:v1', { input: '0.5', output: 1.25 });
      expect(put.status, put.text).toBe(200);
      expect(put.json()).toMatchObject({
        model: 'org/model:v1',
        cached_input: '0.5',
        output_micros: 1_250_000,
      });
      expect((await admin('PUT', '/admin/prices/gpt-test', { input: 1, output: 1 })).status).toBe(409);
      expect((await admin('PUT', '/admin/prices/x', { input: -1, output: 1 })).json().error.param).toBe(
        'input',
      );
      expect((await admin('DELETE', '/admin/prices/org/model:v1')).json()).toMatchObject({ deleted: true });
      expect((await admin('DELETE', '/admin/prices/org/model:v1')).status).toBe(404);
    });
  });

  describe('budgets, grants and the ledger', () => {
    it('derives spend from charges, adds grants, resets the window and lists the ledger', async () => {
      const key = (
        await admin('POST', '/admin/keys', { name: 'metered', budget: { amount: 100, period: 'daily' } })
      ).json();
      await chatWith(key.key);
      await chatWith(key.key);
      await harness.opt.flushUsage();
      const usage = (await admin('GET', `/admin/usage?key_id=${key.id}`)).json().data;
      const costMicros = usage.reduce(
        (sum: number, row: { cost_micros: number }) => sum + row.cost_micros,
        0,
      );
      expect(costMicros).toBeGreaterThan(0);

      const budget = (await admin('GET', `/admin/keys/${key.id}/budget`)).json();
      expect(budget).toMatchObject({
        currency: 'CNY',
        amount: '100',
        period: 'daily',
        spent_micros: costMicros,
        granted_micros: 0,
        remaining_micros: 100_000_000 - costMicros,
      });
      expect(budget.live_remaining_micros).toEqual(expect.any(Number));

      const grant = await admin('POST', `/admin/keys/${key.id}/grants`, { amount: '5', note: 'top-up' });
      expect(grant.status).toBe(201);
      expect(grant.json()).toMatchObject({
        kind: 'grant',
        amount: '5',
        actor: 'env:OPT_ADMIN_KEY',
        note: 'top-up',
      });
      expect((await admin('GET', `/admin/keys/${key.id}/budget`)).json().remaining_micros).toBe(
        105_000_000 - costMicros,
      );

      // Spent is below the grant: nothing to give back.
      const noop = (await admin('POST', `/admin/keys/${key.id}/budget/reset`)).json();
      expect(noop.ledger_entry).toBeNull();

      const ledger = (await admin('GET', `/admin/ledger?key_id=${key.id}`)).json();
      expect(ledger.data.map((entry: { kind: string }) => entry.kind).sort()).toEqual([
        'charge',
        'charge',
        'grant',
      ]);
      const totals = (await admin('GET', `/admin/ledger/totals?key_id=${key.id}`)).json();
      expect(totals).toMatchObject({
        credits_micros: 5_000_000,
        debits_micros: costMicros,
        net_micros: 5_000_000 - costMicros,
        entries: 3,
      });
      expect((await admin('GET', '/admin/ledger?kind=refund')).json().error.param).toBe('kind');
      expect((await admin('POST', `/admin/keys/${key.id}/grants`, { amount: 0 })).status).toBe(400);
    });

    it('resets a team budget by granting back what the window spent', async () => {
      const team = (
        await admin('POST', '/admin/teams', { name: 'spenders', budget: { amount: 10, period: 'monthly' } })
      ).json();
      const key = (await admin('POST', '/admin/keys', { name: 'spender', team: 'spenders' })).json();
      await chatWith(key.key);
      await harness.opt.flushUsage();
      const before = (await admin('GET', `/admin/teams/${team.id}/budget`)).json();
      expect(before.spent_micros).toBeGreaterThan(0);
      const reset = (await admin('POST', `/admin/teams/${team.id}/budget/reset`)).json();
      expect(reset.ledger_entry).toMatchObject({
        kind: 'reset',
        team_id: team.id,
        amount_micros: before.spent_micros,
      });
      expect(reset.remaining_micros).toBe(10_000_000);
      const audit = (await admin('GET', `/admin/audit?action=ledger.reset&target_id=${team.id}`)).json();
      expect(audit.data).toHaveLength(1);
    });
  });

  describe('usage export and summary', () => {
    it('exports usage as CSV and summarises it by key and day', async () => {
      const key = (await admin('POST', '/admin/keys', { name: 'exported' })).json();
      await chatWith(key.key);
      await chatWith(key.key);
      await harness.opt.flushUsage();

      const csv = await admin('GET', `/admin/usage?format=csv&key_id=${key.id}`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe('attachment; filename="usage.csv"');
      const lines = csv.text.split('\r\n');
      expect(lines[0]).toMatch(/^request_id,created_at,key_id,key_name,team_id,/);
      expect(lines.filter((line) => line.includes(key.id))).toHaveLength(2);
      expect((await admin('GET', '/admin/usage?format=xml')).json().error.param).toBe('format');
      expect((await admin('GET', '/admin/usage?status=quota_exceeded')).status).toBe(200);

      const summary = (
        await admin('GET', `/admin/usage/summary?bucket=day&group_by=key&key_id=${key.id}`)
      ).json();
      expect(summary).toMatchObject({
        object: 'usage_summary',
        bucket: 'day',
        group_by: 'key',
        currency: 'CNY',
        data: [{ group: key.id, group_name: 'exported', requests: 2, errors: 0, error_rate: 0 }],
        totals: { requests: 2 },
      });
      const summaryCsv = await admin(
        'GET',
        `/admin/usage/summary?group_by=model&format=csv&key_id=${key.id}`,
      );
      expect(summaryCsv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(summaryCsv.text.split('\r\n')[1]).toMatch(
        /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z,gpt-test,gpt-test,2,0,0,/,
      );
    });
  });
});
