import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ADMIN_KEY } from '../support/start-test-opt.js';
import { describeBrowser, pageProblems, screenshot, signIn, useConsole } from './support/browser.js';

const TOOLS_JSON = JSON.stringify([
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
]);

interface UsageRow {
  request_id: string;
  endpoint: string;
  key_id: string | null;
  model: string;
  stream: boolean;
  status: string;
  total_tokens: number | null;
  cost: string;
}

/** The transcript's last assistant answer, once it has finished (done, error or stopped). */
async function lastAnswer(page: Page) {
  const answer = page.getByTestId('message-assistant').last();
  await expect.poll(() => answer.getAttribute('data-status'), { timeout: 15_000 }).not.toBe('running');
  return answer;
}

async function send(page: Page, text: string) {
  await page.getByTestId('playground-input').fill(text);
  await page.getByTestId('playground-send').click();
}

describeBrowser('console playground', () => {
  // Prices make the cost visible: per million tokens, so a few tokens cost a few hundredths.
  const harness = useConsole({
    yaml: {
      top: 'prices:\n  gpt-test: { input: 1000, output: 2000 }\n',
      // The fake's `reasoning` scenario streams reasoning_content before the answer.
      channels: `
  - name: fake-reasoning
    provider: openai-compatible
    base_url: {{upstream}}
    api_key: \${TEST_UPSTREAM_KEY}
    models: [reasoning]`,
    },
  });

  it('chats with streaming and without, stops a stream, shows tool calls, errors, curl and records usage', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.consoleUrl, ADMIN_KEY);
    await page.goto(`${harness.consoleUrl}/playground`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Playground');
    await expect.poll(() => page.getByTestId('playground-model').isEnabled()).toBe(true);
    await page.getByText('No messages yet').waitFor();
    await screenshot(page, 'playground-empty');

    // A streamed turn with a system prompt: the echo scenario answers "Echo: <last user text>".
    await page.getByTestId('playground-model').selectOption('gpt-test');
    await page.getByTestId('playground-system').fill('You answer briefly.');
    expect(await page.getByTestId('playground-stream').isChecked()).toBe(true);
    await send(page, 'hello playground');
    const streamed = await lastAnswer(page);
    expect(await streamed.getAttribute('data-status')).toBe('done');
    expect(await streamed.getByTestId('message-content').textContent()).toBe('Echo: hello playground');
    const streamedId = (await streamed.getByTestId('stat-request-id').textContent()) ?? '';
    expect(streamedId).toMatch(/^\S{8,}$/);
    expect(await streamed.getByTestId('stat-latency').textContent()).toMatch(/\d.*(ms|s)$/);
    expect(await streamed.getByTestId('stat-ttft').textContent()).toMatch(/\d.*(ms|s)$/);
    // Prompt: system (3 + 3 words) + user (3 + 2 words) = 11; completion: 3 echoed words.
    expect(await streamed.getByTestId('stat-tokens').textContent()).toBe('11 in · 3 out · 14 total');
    const streamedCost = await streamed.getByTestId('stat-cost').getAttribute('data-cost');
    expect(streamedCost).toBe('0.017'); // 11 × 1000 / 1M + 3 × 2000 / 1M
    expect(await streamed.getByTestId('stat-cost').textContent()).toBe('$0.017');
    let upstreamBody = harness.upstream.lastRequest().body;
    expect(upstreamBody.messages).toEqual([
      { role: 'system', content: 'You answer briefly.' },
      { role: 'user', content: 'hello playground' },
    ]);
    expect(upstreamBody.stream).toBe(true);
    await screenshot(page, 'playground-streamed');

    // A non-streamed turn continues the conversation; its cost comes from the x-opt-cost header.
    await page.getByTestId('playground-stream').uncheck();
    await send(page, 'second turn');
    const whole = await lastAnswer(page);
    expect(await whole.getAttribute('data-status')).toBe('done');
    expect(await whole.getByTestId('message-content').textContent()).toBe('Echo: second turn');
    expect(await whole.getByTestId('stat-ttft').textContent()).toBe('—');
    expect(await whole.getByTestId('stat-tokens').textContent()).toMatch(/^\d+ in · 3 out · \d+ total$/);
    expect(await whole.getByTestId('stat-cost').getAttribute('data-cost')).toMatch(/^0\.\d+$/);
    const wholeId = (await whole.getByTestId('stat-request-id').textContent()) ?? '';
    upstreamBody = harness.upstream.lastRequest().body;
    expect(upstreamBody.stream).toBe(false);
    expect(upstreamBody.messages).toEqual([
      { role: 'system', content: 'You answer briefly.' },
      { role: 'user', content: 'hello playground' },
      { role: 'assistant', content: 'Echo: hello playground' },
      { role: 'user', content: 'second turn' },
    ]);

    // A slow stream appears piece by piece, and Stop cuts it off, keeping what arrived.
    await page.getByTestId('playground-clear').click();
    await page.getByText('No messages yet').waitFor();
    await page.getByTestId('playground-stream').check();
    await page.getByTestId('playground-model').selectOption('slow-stream');
    await send(page, 'take your time');
    const slow = page.getByTestId('message-assistant').last();
    await expect.poll(() => slow.getByTestId('message-content').textContent()).toMatch(/^w0 w1 /);
    expect(await slow.getAttribute('data-status')).toBe('running');
    await page.getByTestId('playground-stop').click();
    await expect.poll(() => slow.getAttribute('data-status')).toBe('stopped');
    const partial = (await slow.getByTestId('message-content').textContent()) ?? '';
    expect(partial).toMatch(/^w0 w1 /);
    expect(partial).not.toContain('w199');

    // Reasoning is shown folded away, above the answer.
    await page.getByTestId('playground-clear').click();
    await page.getByTestId('playground-model').selectOption('reasoning');
    await send(page, 'hello');
    const thoughtful = await lastAnswer(page);
    expect(await thoughtful.getByTestId('message-content').textContent()).toBe('Hello there!');
    const reasoning = thoughtful.getByTestId('message-reasoning');
    expect(await reasoning.getAttribute('open')).toBeNull();
    expect(await reasoning.getByText('The user says hello; greet back.').isVisible()).toBe(false);
    await reasoning.locator('summary').click();
    expect(await reasoning.getByText('The user says hello; greet back.').isVisible()).toBe(true);

    // Tools: invalid JSON is refused with a message (and blocks sending), then a real tool call.
    await page.getByTestId('playground-clear').click();
    await page.getByTestId('playground-model').selectOption('tools');
    await page.getByTestId('playground-tools').fill('[{"type": "function", ');
    await expect
      .poll(() => page.getByTestId('playground-tools-error').textContent())
      .toMatch(/^Tools are not valid JSON: /);
    await page.getByTestId('playground-input').fill('weather in Paris?');
    expect(await page.getByTestId('playground-send').isDisabled()).toBe(true);
    expect(await page.getByTestId('playground-blocked').textContent()).toBe('Fix the tools JSON to send.');
    await page.getByTestId('playground-tools').fill('{"type": "function"}');
    await expect
      .poll(() => page.getByTestId('playground-tools-error').textContent())
      .toBe('Tools must be a JSON array of tool definitions.');
    await page.getByTestId('playground-tools').fill(TOOLS_JSON);
    await expect.poll(() => page.getByTestId('playground-tools-error').count()).toBe(0);
    await page.getByTestId('playground-tool-choice').selectOption('required');
    await page.getByTestId('playground-send').click();
    const toolAnswer = await lastAnswer(page);
    expect(await toolAnswer.getAttribute('data-status')).toBe('done');
    const card = toolAnswer.getByTestId('tool-call');
    expect(await card.count()).toBe(1);
    expect(await card.getByTestId('tool-call-name').textContent()).toBe('get_weather');
    const args = card.getByTestId('tool-call-arguments');
    // Assembled from the streamed deltas exactly, and shown as indented JSON.
    expect(await args.getAttribute('data-arguments')).toBe('{"city": "Paris", "unit": "celsius"}');
    expect(JSON.parse((await args.textContent()) ?? '')).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(await args.textContent()).toContain('\n  "city": "Paris"');
    upstreamBody = harness.upstream.lastRequest().body;
    expect(upstreamBody.tools).toEqual(JSON.parse(TOOLS_JSON));
    expect(upstreamBody.tool_choice).toBe('required');
    await screenshot(page, 'playground-tool-call');

    // Answer the call with a tool result and continue: the model gets the call and its result.
    await card.getByTestId('tool-result-input').fill('{"temperature": 21}');
    await card.getByTestId('tool-result-add').click();
    await page.getByTestId('message-tool').waitFor();
    expect(await page.getByTestId('playground-send').textContent()).toBe('Continue');
    await page.getByTestId('playground-send').click();
    await expect.poll(() => page.getByTestId('message-assistant').count()).toBe(2);
    await lastAnswer(page);
    const messages = harness.upstream.lastRequest().body.messages as Array<Record<string, unknown>>;
    expect(messages.slice(-2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_0',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city": "Paris", "unit": "celsius"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_0', content: '{"temperature": 21}' },
    ]);

    // Copy as curl: the public API with a placeholder client key, never the admin key.
    await page.getByTestId('playground-curl').click();
    const curl = (await page.getByTestId('curl-command').textContent()) ?? '';
    expect(curl).toContain(`curl ${harness.opt.url}/v1/chat/completions`);
    expect(curl).toContain('-H "Authorization: Bearer $OPT_API_KEY"');
    expect(curl).toContain('"model": "tools"');
    expect(curl).toContain('"name": "get_weather"');
    expect(curl).not.toContain(ADMIN_KEY);
    expect(curl).not.toContain('/admin/');
    await screenshot(page, 'playground-curl');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('curl-command').count()).toBe(0);
    expect(pageProblems(page)).toEqual([]);

    // An upstream refusal shows the OpenAI error message and code.
    await page.getByTestId('playground-clear').click();
    await page.getByTestId('playground-tools').fill('');
    await page.getByTestId('playground-model').selectOption('error-400');
    await send(page, 'too long');
    const failed = await lastAnswer(page);
    expect(await failed.getAttribute('data-status')).toBe('error');
    expect(await failed.getByTestId('turn-error').textContent()).toContain(
      "This model's maximum context length is 8192 tokens.",
    );
    expect(await failed.getByTestId('turn-error-code').textContent()).toContain('context_length_exceeded');

    // A failure in the middle of a stream keeps what arrived and shows the error event.
    await page.getByTestId('playground-model').selectOption('error-in-stream');
    await send(page, 'then fail');
    const broken = await lastAnswer(page);
    expect(await broken.getAttribute('data-status')).toBe('error');
    expect(await broken.getByTestId('message-content').textContent()).toBe('Hi');
    await broken.getByTestId('turn-error').waitFor();

    // OPT metered the playground calls as usage records without a key, endpoint `playground`.
    await harness.opt.flushUsage();
    const usage = await harness.admin<{ data: UsageRow[] }>('GET', '/admin/usage?limit=100');
    expect(usage.status).toBe(200);
    const byId = new Map(usage.body.data.map((row) => [row.request_id, row]));
    expect(byId.get(streamedId)).toMatchObject({
      endpoint: 'playground',
      key_id: null,
      model: 'gpt-test',
      stream: true,
      total_tokens: 14,
      cost: '0.017',
    });
    expect(byId.get(wholeId)).toMatchObject({ endpoint: 'playground', key_id: null, stream: false });
    expect(usage.body.data.filter((row) => row.endpoint === 'playground').length).toBeGreaterThanOrEqual(6);

    // In Chinese.
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('调试台');
    expect(await page.getByTestId('playground-send').textContent()).toBe('发送');
    expect(await page.getByTestId('playground-curl').textContent()).toBe('复制为 curl');
    await screenshot(page, 'playground-zh');

    // A turn's request id opens that request in Logs.
    const lastId = (await broken.getByTestId('stat-request-id').textContent()) ?? '';
    await broken.getByTestId('stat-request-id').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/console/logs/${lastId}`);
  }, 120_000);

  it('lets a viewer look but not send', async () => {
    const created = await harness.admin<{ key: string }>('POST', '/admin/admin-keys', {
      name: 'playground viewer',
      role: 'viewer',
    });
    expect(created.status).toBe(201);
    const page = await harness.newPage();
    await signIn(page, harness.consoleUrl, created.body.key);
    await page.goto(`${harness.consoleUrl}/playground`);
    await expect.poll(() => page.getByTestId('playground-model').isEnabled()).toBe(true);
    await page.getByTestId('playground-input').fill('may I?');
    expect(await page.getByTestId('playground-send').isDisabled()).toBe(true);
    expect(await page.getByTestId('playground-blocked').textContent()).toContain('requires an admin key');
    // The curl command is still there to copy: it runs with the viewer's own client key.
    await page.getByTestId('playground-curl').click();
    expect(await page.getByTestId('curl-command').textContent()).not.toContain(created.body.key);
    await page.keyboard.press('Escape');
    await screenshot(page, 'playground-viewer');
    expect(pageProblems(page)).toEqual([]);
  }, 60_000);
});
