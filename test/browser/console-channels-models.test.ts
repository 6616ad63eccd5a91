import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ADMIN_KEY, CLIENT_KEY } from '../support/start-test-opt.js';
import { describeBrowser, pageProblems, screenshot, signIn, useConsole } from './support/browser.js';

/** A key only this test knows: it must reach the upstream and never come back into the page. */
const SECRET_UPSTREAM_KEY = 'sk-ui-channel-secret-5f1e0c9a7b3d';
const CHANNEL = 'ui-channel';
const MODEL = 'ui-model';

function channelRow(page: Page, name: string) {
  return page
    .getByTestId('channels-table')
    .locator('tr', { has: page.getByRole('button', { name, exact: true }) });
}

/** Console errors other than the failed-request line a deliberate 4xx logs. */
function unexpectedProblems(page: Page): string[] {
  return pageProblems(page).filter((problem) => !problem.includes('the server responded with a status of 4'));
}

describeBrowser('console channels, models & prices, settings', () => {
  // A price declared in the YAML: shown, read-only.
  const harness = useConsole({
    yaml: { top: 'prices:\n  gpt-test: { input: 2, cached_input: 1, output: 8 }\n' },
  });

  it('creates a channel, tests it, prices its model, toggles it and creates a viewer key', async () => {
    harness.upstream.acceptKey(SECRET_UPSTREAM_KEY);
    const page = await harness.newPage();
    await signIn(page, harness.consoleUrl, ADMIN_KEY);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Channels', exact: true }).click();

    // The YAML's channels are listed read-only, with their health.
    const yamlRow = channelRow(page, 'fake');
    await yamlRow.getByTestId('channel-config-badge').waitFor();
    expect(await yamlRow.getByTestId('channel-edit').isDisabled()).toBe(true);
    await yamlRow.getByTestId('channel-health-status').waitFor();

    await page.getByTestId('channel-create').click();
    const dialog = page.getByRole('dialog', { name: 'New channel' });
    await dialog.getByLabel('Name').fill(CHANNEL);
    expect(await dialog.getByLabel('Provider').inputValue()).toBe('openai-compatible');
    // A preset fills its base URL in; going back to openai-compatible empties it again.
    await dialog.getByLabel('Provider').selectOption('deepseek');
    expect(await dialog.getByLabel('Base URL').inputValue()).toBe('https://api.deepseek.com');
    await dialog.getByLabel('Provider').selectOption('azure-openai');
    await dialog.getByLabel('API version').waitFor();
    await dialog.getByLabel('Provider').selectOption('openai-compatible');
    expect(await dialog.getByLabel('Base URL').inputValue()).toBe('');
    expect(await dialog.getByLabel('API version').count()).toBe(0);

    await dialog.getByLabel('Base URL').fill('not a url');
    await dialog.getByLabel('New keys').fill(SECRET_UPSTREAM_KEY);
    await dialog.getByLabel(/^Models/).fill(MODEL);
    await dialog.getByLabel(/^Models/).press('Enter');
    await dialog.getByRole('button', { name: `Remove ${MODEL}` }).waitFor();
    await dialog.getByTestId('channel-save').click();

    // The API's 400 names base_url: the message is shown at that field.
    const baseUrlField = dialog.locator('.field', { has: page.getByLabel('Base URL') });
    await expect
      .poll(() => baseUrlField.getByRole('alert').textContent())
      .toContain('expected an http(s) URL');
    expect(await dialog.getByLabel('Base URL').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'channel-form');

    await dialog.getByLabel('Base URL').fill(harness.upstream.url);
    await dialog.getByTestId('channel-save').click();
    await dialog.waitFor({ state: 'detached' });

    const row = channelRow(page, CHANNEL);
    await row.waitFor();
    expect(await row.getByTestId('channel-status').textContent()).toBe('Active');
    await row.getByTestId('channel-health-status').waitFor();
    await row.getByTestId('channel-latency').waitFor();
    // Saved: the key went to the server and never comes back into the page.
    expect(await page.content()).not.toContain(SECRET_UPSTREAM_KEY);
    const listed = await harness.admin<{ data: Array<{ name: string; api_keys: string[] }> }>(
      'GET',
      '/admin/channels?search=ui-',
    );
    expect(listed.body.data).toEqual([expect.objectContaining({ name: CHANNEL, api_keys: ['sk-...7b3d'] })]);
    await screenshot(page, 'channels-list');

    // Test: one real request through the channel to the fake upstream.
    await row.getByTestId('channel-test').click();
    const result = page.getByTestId('channel-test-result');
    await expect.poll(() => result.getAttribute('data-state'), { timeout: 10_000 }).toBe('ok');
    expect(await page.getByTestId('channel-test-outcome').textContent()).toBe('Success');
    expect(await page.getByTestId('channel-test-latency').textContent()).toMatch(/\d+(\.\d+)?\s?(ms|s)/);
    expect(harness.upstream.keysSeen()).toContain(SECRET_UPSTREAM_KEY);
    await screenshot(page, 'channel-test-result');
    await page.keyboard.press('Escape');
    await result.waitFor({ state: 'detached' });

    // Disable and enable again.
    await row.getByTestId('channel-toggle').click();
    await expect.poll(() => row.getByTestId('channel-status').textContent()).toBe('Disabled');
    expect(await row.getByTestId('channel-health-status').getAttribute('data-status')).toBe('disabled');
    await row.getByTestId('channel-toggle').click();
    await expect.poll(() => row.getByTestId('channel-status').textContent()).toBe('Active');

    // An upstream 401 disables the key (the gateway's doing); the details re-enable it.
    harness.upstream.rejectKey(SECRET_UPSTREAM_KEY, 401);
    const client = new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${harness.opt.url}/v1`, maxRetries: 0 });
    await expect(
      client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toThrow();
    harness.upstream.reset();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await row.getByTestId('channel-keys-disabled').waitFor();
    expect(await row.getByTestId('channel-health-status').getAttribute('data-status')).toBe('down');
    await row.getByTestId('channel-name-link').click();
    const keyDetails = page.getByRole('dialog', { name: CHANNEL });
    await keyDetails.getByTestId('channel-key-enable-0').waitFor();
    await screenshot(page, 'channel-details-key-disabled');
    await keyDetails.getByTestId('channel-key-enable-0').click();
    await keyDetails.getByTestId('channel-key-enable-0').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(SECRET_UPSTREAM_KEY);
    await page.keyboard.press('Escape');
    await keyDetails.waitFor({ state: 'detached' });
    await row.getByTestId('channel-keys-disabled').waitFor({ state: 'detached' });

    // Edit: the stored key shows as a hint only, and a save without new keys keeps it.
    await row.getByTestId('channel-edit').click();
    const edit = page.getByRole('dialog', { name: `Edit ${CHANNEL}` });
    expect(await edit.getByTestId('channel-key-hints').textContent()).toContain('sk-...7b3d');
    expect(await edit.getByLabel('New keys').count()).toBe(0);
    await edit.getByLabel('Weight').fill('3');
    await edit.getByTestId('channel-save').click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByTestId('channel-priority-weight').textContent()).toBe('0 / 3');
    const after = await harness.admin<{ data: Array<{ key_count: number; weight: number }> }>(
      'GET',
      '/admin/channels?search=ui-',
    );
    expect(after.body.data[0]).toMatchObject({ key_count: 1, weight: 3 });

    // Models & prices: the new model with its route; set its price.
    await nav.getByRole('link', { name: 'Models & prices', exact: true }).click();
    const modelRow = page
      .getByTestId('models-table')
      .locator('tr', { has: page.getByTestId('model-id').getByText(MODEL, { exact: true }) });
    await modelRow.waitFor();
    expect(await modelRow.textContent()).toContain(CHANNEL);
    expect(await modelRow.getByTestId('model-price-input').textContent()).toBe('—');
    const configPriced = page
      .getByTestId('models-table')
      .locator('tr', { has: page.getByTestId('model-id').getByText('gpt-test', { exact: true }) });
    expect(await configPriced.getByTestId('model-price-input').textContent()).toBe('$2.00');
    expect(await configPriced.getByTestId('model-price-output').textContent()).toBe('$8.00');
    expect(await configPriced.getByTestId('model-set-price').isDisabled()).toBe(true);
    expect(await configPriced.getByTestId('model-delete-price').isDisabled()).toBe(true);
    await modelRow.getByTestId('model-set-price').click();
    const priceDialog = page.getByRole('dialog', { name: `Price of ${MODEL}` });
    await priceDialog.getByLabel(/^Input/).fill('0.5');
    await priceDialog.getByLabel(/^Output/).fill('1.5');
    await priceDialog.getByTestId('price-save').click();
    await priceDialog.waitFor({ state: 'detached' });
    await expect.poll(() => modelRow.getByTestId('model-price-input').textContent()).toBe('$0.50');
    expect(await modelRow.getByTestId('model-price-output').textContent()).toBe('$1.50');
    const prices = await harness.admin<{
      data: Array<{ model: string; input_micros: number; output_micros: number }>;
    }>('GET', '/admin/prices');
    expect(prices.body.data).toContainEqual(
      expect.objectContaining({ model: MODEL, input_micros: 500_000, output_micros: 1_500_000 }),
    );
    await screenshot(page, 'models-prices');

    // Settings: the currency, and a viewer key shown once.
    await nav.getByRole('link', { name: 'Settings', exact: true }).click();
    expect(await page.getByTestId('settings-currency').textContent()).toBe('USD');
    await page.getByTestId('admin-key-create').click();
    const keyDialog = page.getByRole('dialog', { name: 'New admin key' });
    await keyDialog.getByLabel('Name').fill('ui viewer');
    expect(await keyDialog.getByLabel('Role').inputValue()).toBe('viewer');
    await keyDialog.getByTestId('admin-key-submit').click();
    const shownKey = (await page.getByTestId('admin-key-value').textContent()) ?? '';
    expect(shownKey).toMatch(/^sk-/);
    const me = await harness.admin<{ role: string; name: string }>('GET', '/admin/me', undefined, shownKey);
    expect(me.body).toMatchObject({ role: 'viewer', name: 'ui viewer' });
    await screenshot(page, 'settings-admin-key-created');
    await page.getByTestId('admin-key-done').click();
    await page.getByTestId('admin-keys-card').getByText('ui viewer').waitFor();
    expect(await page.content()).not.toContain(shownKey);
    await screenshot(page, 'settings');

    // Delete, from the channel's details, after a confirmation.
    await nav.getByRole('link', { name: 'Channels', exact: true }).click();
    await channelRow(page, CHANNEL).getByTestId('channel-name-link').click();
    const details = page.getByRole('dialog', { name: CHANNEL });
    await details.getByTestId('channel-delete').click();
    const confirm = page.getByRole('dialog', { name: `Delete channel ${CHANNEL}?` });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await channelRow(page, CHANNEL).waitFor({ state: 'detached' });
    expect((await harness.admin<{ data: unknown[] }>('GET', '/admin/channels?search=ui-')).body.data).toEqual(
      [],
    );

    // 中文.
    await page.getByTestId('language-select').selectOption('zh-CN');
    await page
      .getByRole('navigation', { name: '主导航' })
      .getByRole('link', { name: '渠道', exact: true })
      .click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('渠道');
    expect(await page.getByTestId('channel-create').textContent()).toBe('新建渠道');
    await expect
      .poll(() => channelRow(page, 'fake').getByTestId('channel-status').textContent())
      .toBe('启用中');
    await screenshot(page, 'channels-zh');
    expect(unexpectedProblems(page)).toEqual([]);
  }, 120_000);

  it('shows every mutating control disabled to a viewer', async () => {
    const viewer = await harness.admin<{ key: string }>('POST', '/admin/admin-keys', {
      name: 'channels viewer',
      role: 'viewer',
    });
    expect(viewer.status).toBe(201);
    const created = await harness.admin('POST', '/admin/channels', {
      name: 'viewer-visible',
      base_url: harness.upstream.url,
      api_key: 'sk-upstream-test-0123456789',
      models: ['viewer-model'],
    });
    expect(created.status).toBe(201);

    const page = await harness.newPage();
    await signIn(page, harness.consoleUrl, viewer.body.key);
    await page.goto(`${harness.consoleUrl}/channels`);
    const row = channelRow(page, 'viewer-visible');
    await row.waitFor();
    expect(await page.getByTestId('channel-create').isDisabled()).toBe(true);
    for (const control of ['channel-test', 'channel-edit', 'channel-toggle']) {
      expect(await row.getByTestId(control).isDisabled(), control).toBe(true);
      expect(await row.getByTestId(control).getAttribute('title')).toContain('read-only');
    }
    await screenshot(page, 'channels-viewer');
    // The details still open (reading is allowed), with their actions disabled.
    await row.getByTestId('channel-name-link').click();
    const details = page.getByRole('dialog', { name: 'viewer-visible' });
    expect(await details.getByTestId('channel-delete').isDisabled()).toBe(true);
    expect(await details.getByTestId('channel-details-toggle').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    await page.goto(`${harness.consoleUrl}/models`);
    const setPrice = page.getByTestId('model-set-price').first();
    await setPrice.waitFor();
    expect(await setPrice.isDisabled()).toBe(true);

    await page.goto(`${harness.consoleUrl}/settings`);
    await page.getByTestId('settings-currency').waitFor();
    expect(await page.getByTestId('admin-key-create').isDisabled()).toBe(true);
    expect(unexpectedProblems(page)).toEqual([]);
  }, 60_000);
});
