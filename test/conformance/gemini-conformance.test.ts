import { geminiAdapter } from '../../src/providers/gemini/gemini-adapter.js';
import { FakeGeminiUpstream, GEMINI_KEY } from '../support/fake-gemini-upstream.js';
import { describeProviderConformance } from '../support/provider-conformance.js';
import { createUpstreamTarget } from '../support/upstream-target.js';

const upstream = new FakeGeminiUpstream();

describeProviderConformance({
  name: 'gemini',
  adapter: geminiAdapter,
  start: () => upstream.start(),
  stop: () => upstream.close(),
  target: (upstreamModel) =>
    createUpstreamTarget({ provider: 'gemini', baseUrl: upstream.url, apiKey: GEMINI_KEY, upstreamModel }),
  // Gemini function calls carry no id; the adapter makes them up.
  reports: { cachedTokens: true, reasoningTokens: true, toolCallIds: false },
});
