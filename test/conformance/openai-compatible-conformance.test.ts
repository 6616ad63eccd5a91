import { openAiCompatibleAdapter } from '../../src/providers/openai-compatible/openai-compatible-adapter.js';
import { FakeOpenAiUpstream, UPSTREAM_KEY } from '../support/fake-openai-upstream.js';
import { describeProviderConformance } from '../support/provider-conformance.js';
import { createUpstreamTarget } from '../support/upstream-target.js';

const upstream = new FakeOpenAiUpstream();

describeProviderConformance({
  name: 'openai-compatible',
  adapter: openAiCompatibleAdapter,
  start: async () => {
    await upstream.start();
  },
  stop: () => upstream.close(),
  target: (upstreamModel) =>
    createUpstreamTarget({ baseUrl: upstream.url, apiKey: UPSTREAM_KEY, upstreamModel }),
  reports: { cachedTokens: true, reasoningTokens: true, toolCallIds: true },
});
