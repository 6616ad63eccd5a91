import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ADMIN_KEY } from '../support/start-test-opt.js';
import { describeBrowser, pageProblems, screenshot, signIn, useConsole } from './support/browser.js';

interface KeyBody {
  id: string;
  name: string;
  status: string;
  team: string | null;
  models: string[] | null;
  limits: { rpm: number | null; tpm: number | null; concurrency: number | null };
  allow_ips: string[] | null;
  key_hint: string;
}

interface TeamBody {
  id: string;
  name: string;
  budget: { amount: string; period: string } | null;
}

/** The problems a page logged, less the refused requests this test provokes on purpose (a 400 on a bad field). */
function unexpectedProblems(page: Page): string[] {
  return pageProblems(page).filter((problem) => !/status of 400/.test(problem));
}

describeBrowser('console keys and teams', () => {
  // A price for gpt-test, so the calls below cost something and the spend charts have a line.
  const harness = useConsole({
    yaml: { top: 'prices:\n  gpt-test: { input: 1000, cached_input: 500, output: 2000 }\n' },
  });

  const client = (apiKey: string) => new OpenAI({ baseURL: `${harness.opt.url}/v1`, apiKey, maxRetries: 0 });
  const chat = (apiKey: string, model = 'gpt-test') =>
    client(apiKey).chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'hello from the console test' }],
    });
  const statusOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 200,
      (error: unknown) => (error instanceof OpenAI.APIError ? (error.status ?? -1) : -2),
    );
  const findKey = async (name: string) => {
    const list = await harness.admin<{ data: KeyBody[] }>(
      'GET',
      `/admin/keys?search=${encodeURIComponent(name)}`,
    );
    return list.body.data.find((key) => key.name === name);
  };

  it('creates a team and a key through the UI, shows the key once, edits, disables, enables and deletes it', async () => {
    const page = await harness.newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.opt.url });
    await signIn(page, harness.consoleUrl, ADMIN_KEY);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });

    // A team with a monthly budget.
    await nav.getByRole('link', { name: 'Teams', exact: true }).click();
    await page.getByTestId('create-team').click();
    const teamDialog = page.getByRole('dialog', { name: 'Create a team' });
    await teamDialog.getByTestId('field-name').fill('ml research');
    await teamDialog.getByTestId('field-budget-amount').fill('50');
    await teamDialog.getByTestId('field-budget-period').selectOption('monthly');
    await teamDialog.getByTestId('team-form-submit').click();
    await page.getByTestId('team-detail').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('ml research');
    const teams = await harness.admin<{ data: TeamBody[] }>('GET', '/admin/teams?search=ml');
    const team = teams.body.data.find((item) => item.name === 'ml research');
    expect(team?.budget).toEqual({ amount: '50', amount_micros: 50_000_000, period: 'monthly' });
    await page.getByTestId('budget-panel').getByText('Monthly').waitFor();

    // A key in that team, limited to one model and 60 requests a minute; first with a bad IP rule.
    await nav.getByRole('link', { name: 'Keys', exact: true }).click();
    await page.getByTestId('create-key').click();
    const keyDialog = page.getByRole('dialog', { name: 'Create an API key' });
    await keyDialog.getByTestId('field-name').fill('ci-bot');
    await keyDialog.getByTestId('field-team').selectOption('ml research');
    await keyDialog.getByTestId('field-models').getByLabel('gpt-test', { exact: true }).check();
    await keyDialog.getByTestId('field-rpm').fill('60');
    await keyDialog.getByTestId('field-allow-ips').fill('10.0.0.300');
    await page.evaluate("document.querySelector('.modal-body').scrollTop = 0");
    await screenshot(page, 'keys-create-dialog');
    await keyDialog.getByTestId('key-form-submit').click();
    // The API's error shows beside the field its `param` names, and the input is marked invalid.
    const ipField = keyDialog.getByTestId('field-allow-ips');
    await expect.poll(() => ipField.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await ipField.getAttribute('aria-describedby'))?.split(' ').at(-1) ?? '';
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain('allow_ips[0]');
    await screenshot(page, 'keys-create-validation-error');
    expect(await findKey('ci-bot')).toBeUndefined();

    await ipField.fill('127.0.0.0/8\n::1');
    await keyDialog.getByTestId('key-form-submit').click();
    const shown = page.getByTestId('created-key');
    await shown.waitFor();
    const apiKey = (await shown.textContent()) ?? '';
    expect(apiKey).toMatch(/^sk-/);
    await page.getByText('It will not be shown again').waitFor();
    await screenshot(page, 'keys-shown-once');
    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(apiKey);
    await page.getByTestId('created-key-done').click();
    await shown.waitFor({ state: 'detached' });

    const stored = await findKey('ci-bot');
    expect(stored).toMatchObject({
      team: 'ml research',
      models: ['gpt-test'],
      limits: { rpm: 60, tpm: null, concurrency: null },
      allow_ips: ['127.0.0.0/8', '::1'],
    });

    // The key really works, with the official SDK, and only for its model.
    const completion = await chat(apiKey);
    expect(completion.choices[0]?.message.content).toBeTruthy();
    expect(await statusOf(chat(apiKey, 'tools'))).toBe(404);

    // Back on the list the key is only a hint, never the key itself.
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: 'ci-bot' });
    await row.getByTestId('key-hint').waitFor();
    expect(await row.getByTestId('key-hint').textContent()).toBe(stored?.key_hint);
    expect(await page.content()).not.toContain(apiKey);
    expect(await row.getByTestId('status-badge').textContent()).toBe('Active');
    // A key from the YAML config is read-only here.
    const configRow = page.getByRole('row').filter({ hasText: 'restricted' });
    await configRow.getByTestId('config-badge').waitFor();
    expect(await configRow.getByTestId('key-edit').isDisabled()).toBe(true);
    expect(await configRow.getByTestId('key-delete').isDisabled()).toBe(true);
    await screenshot(page, 'keys-list');

    // Edit the RPM.
    await row.getByTestId('key-edit').click();
    const editDialog = page.getByRole('dialog', { name: 'Edit key ci-bot' });
    expect(await editDialog.getByTestId('field-rpm').inputValue()).toBe('60');
    await editDialog.getByTestId('field-rpm').fill('120');
    await editDialog.getByTestId('key-form-submit').click();
    await editDialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await findKey('ci-bot'))?.limits.rpm).toBe(120);
    await row.getByText('RPM 120').waitFor();
    // Everything else stayed as it was.
    expect(await findKey('ci-bot')).toMatchObject({ team: 'ml research', models: ['gpt-test'] });

    // Disable: the gateway refuses the key; enable: it works again.
    await row.getByTestId('key-disable').click();
    await expect.poll(() => row.getByTestId('status-badge').textContent()).toBe('Disabled');
    expect(await statusOf(chat(apiKey))).toBe(401);
    await row.getByTestId('key-enable').click();
    await expect.poll(() => row.getByTestId('status-badge').textContent()).toBe('Active');
    expect(await statusOf(chat(apiKey))).toBe(200);

    // The detail page: settings, budget and the spend chart.
    await row.getByTestId('key-link').click();
    await page.getByTestId('key-detail').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('ci-bot');
    expect(await page.getByTestId('detail-hint').textContent()).toBe(stored?.key_hint);
    await page.getByTestId('spend-chart').getByRole('img').waitFor();
    // Three calls so far (the refused ones are not charged): their cost is in the 30-day chart's totals.
    const usage = await harness.admin<{ totals: { requests: number; cost_micros: number } }>(
      'GET',
      `/admin/usage/summary?key_id=${stored?.id}&group_by=key&bucket=day`,
    );
    expect(usage.body.totals.cost_micros).toBeGreaterThan(0);
    const tiles = page.getByTestId('spend-chart').locator('.stat-value');
    await expect.poll(() => tiles.nth(1).textContent()).toBe(String(usage.body.totals.requests));
    expect(await tiles.nth(0).textContent()).not.toBe('$0.00');
    await screenshot(page, 'keys-detail');

    // The team page lists the key.
    await page.getByTestId('key-detail').getByRole('link', { name: 'ml research' }).click();
    await page.getByTestId('team-keys').getByRole('link', { name: 'ci-bot' }).waitFor();
    await page.getByTestId('team-members').getByTestId('member-name').fill('ada@example.com');
    await page.getByTestId('member-role').selectOption('owner');
    await page.getByTestId('member-add').click();
    await page
      .getByTestId('team-members')
      .getByRole('cell', { name: 'ada@example.com', exact: true })
      .waitFor();
    await page.getByTestId('team-members').getByRole('cell', { name: 'Owner', exact: true }).waitFor();
    await page.getByTestId('team-members').getByTestId('member-name').fill('grace@example.com');
    await page.getByTestId('member-add').click();
    const grace = page
      .getByTestId('team-members')
      .getByRole('cell', { name: 'grace@example.com', exact: true });
    await grace.waitFor();
    await page.getByRole('button', { name: 'Remove grace@example.com' }).click();
    await grace.waitFor({ state: 'detached' });
    const members = await harness.admin<{ data: Array<{ member: string; role: string }> }>(
      'GET',
      `/admin/teams/${team?.id}/members`,
    );
    expect(members.body.data.map(({ member, role }) => ({ member, role }))).toEqual([
      { member: 'ada@example.com', role: 'owner' },
    ]);
    // An admin grant: recorded in the ledger and listed under the budget.
    await page.getByTestId('budget-panel').getByTestId('grant-button').click();
    const grantDialog = page.getByRole('dialog', { name: 'Grant credit' });
    await grantDialog.getByTestId('grant-amount').fill('-3');
    await grantDialog.getByRole('button', { name: 'Grant credit' }).click();
    await grantDialog.getByRole('alert').filter({ hasText: 'amount' }).waitFor();
    await grantDialog.getByTestId('grant-amount').fill('5');
    await grantDialog.getByLabel('Note (optional)').fill('console test top-up');
    await grantDialog.getByRole('button', { name: 'Grant credit' }).click();
    await grantDialog.waitFor({ state: 'detached' });
    await page.getByTestId('budget-panel').getByRole('cell', { name: 'console test top-up' }).waitFor();
    const budget = await harness.admin<{ granted: string }>('GET', `/admin/teams/${team?.id}/budget`);
    expect(budget.body.granted).toBe('5');
    await screenshot(page, 'teams-detail');

    // Delete, after confirming: the key is gone and refused.
    await page.getByTestId('team-keys').getByRole('link', { name: 'ci-bot' }).click();
    await page.getByTestId('key-detail').waitFor();
    await page.getByTestId('key-delete').click();
    const confirm = page.getByRole('dialog', { name: 'Delete key ci-bot?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await statusOf(chat(apiKey))).toBe(200);
    await page.getByTestId('key-delete').click();
    await confirm.getByRole('button', { name: 'Delete key' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console/keys');
    await page.getByTestId('keys-table').getByText('team-a').waitFor();
    expect(await page.getByTestId('keys-table').getByText('ci-bot').count()).toBe(0);
    expect(await statusOf(chat(apiKey))).toBe(401);

    await nav.getByRole('link', { name: 'Teams', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'ml research' }).getByTestId('budget-remaining').waitFor();
    await screenshot(page, 'teams-list');

    // Chinese labels.
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('团队');
    expect(await page.getByTestId('create-team').textContent()).toBe('创建团队');
    await page.getByRole('columnheader', { name: '剩余预算' }).waitFor();
    await page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '密钥', exact: true })
      .click();
    expect(await page.getByTestId('create-key').textContent()).toBe('创建密钥');
    await page.getByRole('columnheader', { name: '状态' }).waitFor();
    await page.getByTestId('create-key').click();
    await page.getByRole('dialog', { name: '创建 API 密钥' }).getByText('IP 白名单').waitFor();
    await screenshot(page, 'keys-create-dialog-zh');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('language-select').selectOption('en');

    expect(unexpectedProblems(page)).toEqual([]);
  }, 120_000);

  it('shows a viewer every change control disabled, and nothing changes', async () => {
    const team = await harness.admin<TeamBody>('POST', '/admin/teams', {
      name: 'viewer team',
      budget: { amount: '10', period: 'daily' },
    });
    expect(team.status).toBe(201);
    const key = await harness.admin<KeyBody>('POST', '/admin/keys', {
      name: 'viewer-visible',
      team: 'viewer team',
    });
    expect(key.status).toBe(201);
    const viewer = await harness.admin<{ key: string }>('POST', '/admin/admin-keys', {
      name: 'console viewer',
      role: 'viewer',
    });
    expect(viewer.status).toBe(201);

    const page = await harness.newPage();
    await signIn(page, harness.consoleUrl, viewer.body.key);
    await page.goto(`${harness.consoleUrl}/keys`);
    const row = page.getByRole('row').filter({ hasText: 'viewer-visible' });
    await row.getByTestId('key-hint').waitFor();
    const create = page.getByTestId('create-key');
    expect(await create.isDisabled()).toBe(true);
    expect(await create.getAttribute('title')).toBe('Read-only: your key is a viewer key.');
    for (const control of ['key-edit', 'key-disable', 'key-delete']) {
      expect(await row.getByTestId(control).isDisabled()).toBe(true);
      // A forced click on a disabled button does nothing.
      await row.getByTestId(control).click({ force: true });
    }
    expect(await page.getByRole('dialog').count()).toBe(0);
    await screenshot(page, 'keys-viewer');

    await row.getByTestId('key-link').click();
    await page.getByTestId('key-detail').waitFor();
    for (const control of ['key-edit', 'key-disable', 'key-delete', 'grant-button', 'reset-button']) {
      expect(await page.getByTestId(control).isDisabled()).toBe(true);
    }

    await page.goto(`${harness.consoleUrl}/teams/${team.body.id}`);
    await page.getByTestId('team-detail').waitFor();
    for (const control of [
      'team-edit',
      'team-disable',
      'team-delete',
      'grant-button',
      'member-add',
      'team-create-key',
    ]) {
      expect(await page.getByTestId(control).isDisabled()).toBe(true);
    }
    expect(await page.getByTestId('member-name').isDisabled()).toBe(true);
    await screenshot(page, 'teams-viewer');
    await page.goto(`${harness.consoleUrl}/teams`);
    expect(await page.getByTestId('create-team').isDisabled()).toBe(true);

    // Nothing changed, and the API refuses the viewer anyway.
    expect((await harness.admin<KeyBody>('GET', `/admin/keys/${key.body.id}`)).body.status).toBe('active');
    const refused = await harness.admin(
      'POST',
      `/admin/keys/${key.body.id}/disable`,
      undefined,
      viewer.body.key,
    );
    expect(refused.status).toBe(403);
    expect(unexpectedProblems(page)).toEqual([]);
  }, 60_000);
});
