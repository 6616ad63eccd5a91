import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ADMIN_KEY, CLIENT_KEY } from '../support/start-test-opt.js';
import { describeBrowser, pageProblems, screenshot, signIn, useConsole } from './support/browser.js';

const LOGGED_KEY = 'sk-console-dash-logged-0123456789abcdef';

interface UsageRow {
  request_id: string;
  key_name: string | null;
  model: string;
  status: string;
  channel: string | null;
  total_tokens: number;
  cost_micros: number;
}

/** The request ids of the log rows on screen, in order. */
async function listedRequestIds(page: Page): Promise<string[]> {
  const links = page.locator('[data-testid^="log-link-"]');
  const ids: string[] = [];
  for (const testId of await links.evaluateAll((nodes) =>
    nodes.map((node) => node.getAttribute('data-testid')),
  )) {
    if (testId) ids.push(testId.slice('log-link-'.length));
  }
  return ids;
}

describeBrowser('console dashboard, logs and audit', () => {
  // Prices make the cost visible; the logged key keeps its bodies for a day.
  const harness = useConsole({
    yaml: {
      top: 'prices:\n  gpt-test: { input: 1000, output: 2000 }\n',
      keys: `
  - name: logged
    key: ${LOGGED_KEY}
    prompt_logging: { retention_days: 1 }`,
    },
  });

  it('shows traffic on the Dashboard, lists, filters and opens it in Logs, audits a change, in English and Chinese', async () => {
    // Before any traffic: the Dashboard says so, with zeros in place.
    const page = await harness.newPage();
    await signIn(page, harness.consoleUrl, ADMIN_KEY);
    const requestsTile = page.getByTestId('dashboard-tile-requests');
    await page.getByTestId('dashboard-empty').waitFor();
    expect(await requestsTile.getAttribute('data-value')).toBe('0');
    expect(await page.getByTestId('dashboard-chart-requests').textContent()).toContain(
      'No requests in this range',
    );
    await screenshot(page, 'dashboard-empty');

    const client = (apiKey: string) =>
      new OpenAI({ apiKey, baseURL: `${harness.opt.url}/v1`, maxRetries: 0 });
    const plain = client(CLIENT_KEY);
    for (const text of ['one', 'two', 'three']) {
      const answer = await plain.chat.completions.create({
        model: 'gpt-test',
        messages: [{ role: 'user', content: `hello ${text}` }],
      });
      expect(answer.choices[0]?.message.content).toBe(`Echo: hello ${text}`);
    }
    // A streamed answer gives the dashboard a time to first token.
    const stream = await plain.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hello stream' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe('Echo: hello stream');
    // The upstream fails: an error record.
    await expect(
      plain.chat.completions.create({ model: 'error-500', messages: [{ role: 'user', content: 'boom' }] }),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
    const logged = await client(LOGGED_KEY).chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hello logged body' }],
    });
    expect(logged.choices[0]?.message.content).toBe('Echo: hello logged body');
    await harness.opt.flushUsage();

    const usage = await harness.admin<{ data: UsageRow[] }>('GET', '/admin/usage?limit=100');
    expect(usage.status).toBe(200);
    const records = usage.body.data;
    expect(records).toHaveLength(6);
    const loggedRecord = records.find((row) => row.key_name === 'logged');
    const errorRecord = records.find((row) => row.model === 'error-500');
    const plainRecord = records.find((row) => row.key_name === 'team-a' && row.model === 'gpt-test');
    expect(loggedRecord?.cost_micros).toBeGreaterThan(0);
    expect(errorRecord?.status).not.toBe('ok');

    // Dashboard: the totals of the last 24 hours, read again by auto-refresh (no reload), charts drawn,
    // the top lists filled.
    await expect.poll(() => requestsTile.getAttribute('data-value'), { timeout: 20_000 }).toBe('6');
    expect(await requestsTile.textContent()).toContain('Requests');
    expect(await page.getByTestId('dashboard-tile-error-rate').getAttribute('data-value')).toBe('16.67%');
    expect(await page.getByTestId('dashboard-tile-cost').getAttribute('data-value')).toMatch(/^\$0\.\d+$/);
    expect(await page.getByTestId('dashboard-tile-ttft-p50').getAttribute('data-value')).toMatch(/\d+ ?ms/);
    for (const chart of ['requests', 'tokens', 'cost', 'latency', 'ttft']) {
      const points = await page
        .getByTestId(`dashboard-chart-${chart}`)
        .locator('polyline')
        .first()
        .getAttribute('points');
      expect(points?.trim().length, chart).toBeGreaterThan(0);
    }
    await page.getByTestId('dashboard-top-models').getByText('gpt-test').waitFor();
    await page.getByTestId('dashboard-top-keys').getByText('logged').waitFor();
    // Another range re-reads the summary (one minute buckets for the last hour).
    await page.getByTestId('dashboard-range-1h').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('1h');
    await expect.poll(() => requestsTile.getAttribute('data-value')).toBe('6');
    await screenshot(page, 'dashboard-traffic');

    // Logs: every request, newest first; a model filter narrows the list and is kept in the URL.
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Logs' })
      .click();
    await expect.poll(() => listedRequestIds(page)).toHaveLength(6);
    expect(new Set(await listedRequestIds(page))).toEqual(new Set(records.map((row) => row.request_id)));
    await screenshot(page, 'logs-list');
    await page.getByLabel('Model').selectOption('error-500');
    await expect.poll(() => listedRequestIds(page)).toEqual([errorRecord?.request_id]);
    expect(new URL(page.url()).searchParams.get('model')).toBe('error-500');
    await screenshot(page, 'logs-filtered');
    // The filtered view is a link: a reload keeps it.
    await page.reload();
    await expect.poll(() => listedRequestIds(page)).toEqual([errorRecord?.request_id]);
    expect(await page.getByLabel('Model').inputValue()).toBe('error-500');
    await page.getByLabel('Model').selectOption('gpt-test');
    await expect.poll(() => listedRequestIds(page)).toHaveLength(5);
    // The CSV export has the same filter (fetched with the admin key, saved from a Blob).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('logs-export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe('usage.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain(String(loggedRecord?.request_id));
    expect(csv).not.toContain(String(errorRecord?.request_id));

    // Detail of the logged request: tokens, cost, channel and both bodies.
    await page.getByTestId(`log-link-${loggedRecord?.request_id}`).click();
    await page.getByTestId('log-detail-tokens').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/logs/${loggedRecord?.request_id}`);
    expect(await page.getByTestId('log-detail-channel').textContent()).toBe('fake');
    expect(await page.getByTestId('log-detail-cost-value').textContent()).toMatch(/^\$0\.\d+$/);
    expect(await page.getByTestId('log-detail-tokens').textContent()).toContain(
      String(loggedRecord?.total_tokens),
    );
    expect(await page.getByTestId('log-body-request').textContent()).toContain('hello logged body');
    expect(await page.getByTestId('log-body-response').textContent()).toContain('Echo: hello logged body');
    await screenshot(page, 'log-detail');
    // Back keeps the filter.
    await page.getByTestId('log-detail-back').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('model')).toBe('gpt-test');
    await expect.poll(() => listedRequestIds(page)).toHaveLength(5);
    // A custom time range: from/to inputs, kept in the URL; a start after every request matches nothing.
    await page.getByLabel('Time', { exact: true }).selectOption('custom');
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('custom');
    const fromInput = page.getByTestId('logs-filter-from').locator('input');
    expect(await fromInput.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await expect.poll(() => listedRequestIds(page)).toHaveLength(5);
    await fromInput.fill('2099-01-01T00:00');
    await page.getByText('No requests match.').waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toMatch(/^2099-01-01T|^2098-12-31T/);
    await page.getByTestId('logs-filter-clear').click();
    await expect.poll(() => listedRequestIds(page)).toHaveLength(6);
    expect(new URL(page.url()).search).toBe('');

    // A key without prompt logging: the record but no bodies, and a note saying why.
    await page.goto(`${harness.consoleUrl}/logs/${plainRecord?.request_id}`);
    await page.getByTestId('log-detail-no-bodies').waitFor();
    expect(await page.getByTestId('log-body-request').count()).toBe(0);
    // The error record shows its error.
    await page.goto(`${harness.consoleUrl}/logs/${errorRecord?.request_id}`);
    await page.getByTestId('log-detail-error').waitFor();

    // Audit: a team created through the admin API appears with its fields.
    const team = await harness.admin<{ id: string }>('POST', '/admin/teams', { name: 'audited-team' });
    expect(team.status).toBe(201);
    await page.goto(`${harness.consoleUrl}/audit`);
    const auditTable = page.getByTestId('audit-table');
    await auditTable.getByText('team.create').first().waitFor();
    await auditTable.getByText(team.body.id).waitFor();
    await page.getByTestId('audit-filter-target-type').selectOption('team');
    await expect.poll(() => new URL(page.url()).searchParams.get('target_type')).toBe('team');
    const viewButton = page.locator('[data-testid^="audit-view-"]').first();
    await viewButton.click();
    const diff = page.getByTestId('audit-diff');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('audited-team');
    await screenshot(page, 'audit-diff');
    await page.keyboard.press('Escape');
    await expect.poll(() => diff.count()).toBe(0);
    await screenshot(page, 'audit');

    // Chinese: the same pages in Chinese, numbers and dates in the Chinese locale.
    await page.getByTestId('language-select').selectOption('zh-CN');
    await page.goto(`${harness.consoleUrl}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('仪表盘');
    await expect.poll(() => requestsTile.getAttribute('data-value'), { timeout: 15_000 }).toBe('6');
    expect(await requestsTile.textContent()).toContain('请求数');
    expect(await page.getByTestId('dashboard-tile-cost').getAttribute('data-value')).toMatch(/^US\$0\.\d+$/);
    expect(await page.getByTestId('dashboard-status').textContent()).toMatch(
      /更新于 \d{4}年\d{1,2}月\d{1,2}日/,
    );
    await screenshot(page, 'dashboard-zh');
    await page.goto(`${harness.consoleUrl}/logs`);
    await expect.poll(() => listedRequestIds(page)).toHaveLength(6);
    expect(await page.getByRole('columnheader', { name: '费用' }).count()).toBe(1);
    const firstTime = await page.locator('[data-testid^="log-link-"]').first().textContent();
    expect(firstTime).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日/);
    await screenshot(page, 'logs-zh');

    expect(pageProblems(page)).toEqual([]);
  }, 120_000);
});
