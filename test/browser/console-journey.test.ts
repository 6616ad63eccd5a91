import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ADMIN_KEY } from '../support/start-test-opt.js';
import { describeBrowser, pageProblems, screenshot, signIn, useConsole } from './support/browser.js';

const WEATHER_TOOL = JSON.stringify([
  {
    type: 'function',
    function: {
      name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
]);

/** The transcript's last assistant answer, once it has finished. */
async function lastAnswer(page: Page) {
  const answer = page.getByTestId('message-assistant').last();
  await expect.poll(() => answer.getAttribute('data-status'), { timeout: 15_000 }).not.toBe('running');
  return answer;
}

// Issue 6's journey in one browser session, as an operator would walk it: sign in, create a team and a
// key, call the API with that key through the official SDK, find the calls in Logs and on the Dashboard,
// chat (streamed) and call a tool in the Playground, switch to Chinese; then a viewer who can change nothing.
// The pages' own suites (console-*.test.ts) go deeper on each step.
describeBrowser('console journey', () => {
  const harness = useConsole({
    yaml: { top: 'prices:\n  gpt-test: { input: 1000, cached_input: 500, output: 2000 }\n' },
  });

  it('takes an operator from sign-in to a working key, its logs, the playground and Chinese', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.consoleUrl, ADMIN_KEY);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });

    // A team, then a key in it.
    await nav.getByRole('link', { name: 'Teams', exact: true }).click();
    await page.getByTestId('create-team').click();
    const teamDialog = page.getByRole('dialog', { name: 'Create a team' });
    await teamDialog.getByTestId('field-name').fill('journey');
    await teamDialog.getByTestId('field-budget-amount').fill('10');
    await teamDialog.getByTestId('field-budget-period').selectOption('monthly');
    await teamDialog.getByTestId('team-form-submit').click();
    await page.getByTestId('team-detail').waitFor();
    await screenshot(page, 'journey-team');

    await nav.getByRole('link', { name: 'Keys', exact: true }).click();
    await page.getByTestId('create-key').click();
    const keyDialog = page.getByRole('dialog', { name: 'Create an API key' });
    await keyDialog.getByTestId('field-name').fill('journey-key');
    await keyDialog.getByTestId('field-team').selectOption('journey');
    await keyDialog.getByTestId('key-form-submit').click();
    const shown = page.getByTestId('created-key');
    await shown.waitFor();
    const apiKey = (await shown.textContent()) ?? '';
    expect(apiKey).toMatch(/^sk-/);
    await screenshot(page, 'journey-key-shown-once');
    await page.getByTestId('created-key-done').click();

    // The key works with the official SDK, streamed and not.
    const client = new OpenAI({ baseURL: `${harness.opt.url}/v1`, apiKey, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hello from the journey' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Echo: hello from the journey');
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      stream: true,
      messages: [{ role: 'user', content: 'stream for the journey' }],
    });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe('Echo: stream for the journey');
    await harness.opt.flushUsage();
    const requestId = completion._request_id ?? '';
    expect(requestId).not.toBe('');

    // Logs: both calls, and the non-streamed one's detail.
    await nav.getByRole('link', { name: 'Logs', exact: true }).click();
    const link = page.getByTestId(`log-link-${requestId}`);
    await link.waitFor();
    expect(await page.locator('[data-testid^="log-link-"]').count()).toBe(2);
    await screenshot(page, 'journey-logs');
    await link.click();
    await page.getByTestId('log-detail').waitFor();
    expect(await page.getByTestId('log-detail-request-id').textContent()).toContain(requestId);
    expect(await page.getByTestId('log-detail-channel').textContent()).toContain('fake');
    await screenshot(page, 'journey-log-detail');

    // Dashboard: the two requests are counted.
    await nav.getByRole('link', { name: 'Dashboard', exact: true }).click();
    const requests = page.getByTestId('dashboard-tile-requests');
    await expect.poll(() => requests.getAttribute('data-value'), { timeout: 15_000 }).toBe('2');
    await screenshot(page, 'journey-dashboard');

    // Playground: a streamed chat, then a tool call.
    await nav.getByRole('link', { name: 'Playground', exact: true }).click();
    await expect.poll(() => page.getByTestId('playground-model').isEnabled()).toBe(true);
    await page.getByTestId('playground-model').selectOption('gpt-test');
    expect(await page.getByTestId('playground-stream').isChecked()).toBe(true);
    await page.getByTestId('playground-input').fill('hello playground');
    await page.getByTestId('playground-send').click();
    const answer = await lastAnswer(page);
    expect(await answer.getAttribute('data-status')).toBe('done');
    expect(await answer.getByTestId('message-content').textContent()).toBe('Echo: hello playground');
    expect(await answer.getByTestId('stat-request-id').textContent()).toMatch(/^\S{8,}$/);
    expect(await answer.getByTestId('stat-cost').getAttribute('data-cost')).toMatch(/^0\.\d+$/);

    await page.getByTestId('playground-clear').click();
    await page.getByTestId('playground-model').selectOption('tools');
    await page.getByTestId('playground-tools').fill(WEATHER_TOOL);
    await page.getByTestId('playground-input').fill('weather in Paris?');
    await page.getByTestId('playground-send').click();
    const toolAnswer = await lastAnswer(page);
    const card = toolAnswer.getByTestId('tool-call');
    expect(await card.getByTestId('tool-call-name').textContent()).toBe('get_weather');
    expect(await card.getByTestId('tool-call-arguments').getAttribute('data-arguments')).toBe(
      '{"city": "Paris", "unit": "celsius"}',
    );
    await screenshot(page, 'journey-playground-tool-call');

    // Chinese: the navigation and the page follow at once, and the choice survives a reload.
    await page.getByTestId('language-select').selectOption('zh-CN');
    const chineseNav = page.getByRole('navigation', { name: '主导航' });
    await chineseNav.getByRole('link', { name: '日志', exact: true }).click();
    await page.getByTestId(`log-link-${requestId}`).waitFor();
    // The playground's two turns are there too, recorded without a key and labelled as the playground's.
    await expect.poll(() => page.getByTestId('log-key-playground').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByTestId('log-key-playground').first().textContent()).toBe('调试台');
    await page.reload();
    await chineseNav.getByRole('link', { name: '仪表盘', exact: true }).waitFor();
    await screenshot(page, 'journey-zh');

    expect(pageProblems(page)).toEqual([]);
  });

  it('gives a viewer a console where nothing can be changed, and the API agrees', async () => {
    const created = await harness.admin<{ key: string }>('POST', '/admin/admin-keys', {
      name: 'journey viewer',
      role: 'viewer',
    });
    expect(created.status).toBe(201);
    const viewerKey = created.body.key;
    const page = await harness.newPage();
    await signIn(page, harness.consoleUrl, viewerKey);
    expect(await page.getByTestId('role-badge').getAttribute('data-role')).toBe('viewer');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });

    await nav.getByRole('link', { name: 'Keys', exact: true }).click();
    await page.getByTestId('keys-table').waitFor();
    expect(await page.getByTestId('create-key').isDisabled()).toBe(true);
    await nav.getByRole('link', { name: 'Teams', exact: true }).click();
    await page.getByTestId('teams-table').waitFor();
    expect(await page.getByTestId('create-team').isDisabled()).toBe(true);
    await nav.getByRole('link', { name: 'Channels', exact: true }).click();
    await page.getByTestId('channels-table').waitFor();
    expect(await page.getByTestId('channel-create').isDisabled()).toBe(true);
    await nav.getByRole('link', { name: 'Playground', exact: true }).click();
    await page.getByTestId('playground-input').fill('may I?');
    expect(await page.getByTestId('playground-send').isDisabled()).toBe(true);
    await screenshot(page, 'journey-viewer');

    // The API refuses the viewer whatever the UI shows.
    const refused = await harness.admin('POST', '/admin/teams', { name: 'sneaky' }, viewerKey);
    expect(refused.status).toBe(403);
  });
});
