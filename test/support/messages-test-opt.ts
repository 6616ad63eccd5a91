import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll } from 'vitest';
import { FakeOpenAiUpstream } from './fake-openai-upstream.js';
import { CLIENT_KEY, startTestOpt, type TestOpt } from './start-test-opt.js';

/** A key whose budget (0.001 CNY) is below any request's reservation: refused before any upstream call. */
export const BUDGET_KEY = 'sk-tiny-budget-0123456789abcdef';

// gpt-test is priced; the agent scenarios sit on their own channel of the same fake upstream.
const YAML = {
  top: `
currency: CNY
prices:
  gpt-test: { input: 1000, cached_input: 500, output: 2000 }
`,
  keys: `
  - name: tiny-budget
    key: ${BUDGET_KEY}
    budget: { amount: 0.001, period: monthly }
`,
  channels: `  - name: agent
    provider: openai-compatible
    base_url: {{upstream}}
    api_key: \${TEST_UPSTREAM_KEY}
    models: [text-then-tools, reasoning]
`,
};

export interface MessagesHarness {
  upstream: FakeOpenAiUpstream;
  /** Set once the suite's beforeAll has run. */
  opt: TestOpt;
  /** The official Anthropic SDK pointed at OPT with the test client key (no retries). */
  client: Anthropic;
}

/** OPT in front of the fake OpenAI upstream, for /v1/messages suites: started before, stopped after. */
export function useMessagesOpt(): MessagesHarness {
  const harness = { upstream: new FakeOpenAiUpstream() } as MessagesHarness;
  beforeAll(async () => {
    await harness.upstream.start();
    harness.opt = await startTestOpt({ upstreamUrl: harness.upstream.url, yaml: YAML });
    harness.client = new Anthropic({ apiKey: CLIENT_KEY, baseURL: harness.opt.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await harness.opt?.stop();
    await harness.upstream.close();
  });
  return harness;
}
