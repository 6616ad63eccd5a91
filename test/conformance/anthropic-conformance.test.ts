import { anthropicAdapter } from '../../src/providers/anthropic/anthropic-adapter.js';
import { ANTHROPIC_UPSTREAM_KEY, FakeAnthropicUpstream } from '../support/fake-anthropic-upstream.js';
import { describeProviderConformance } from '../support/provider-conformance.js';
import { createUpstreamTarget } from '../support/upstream-target.js';

const upstream = new FakeAnthropicUpstream();

describeProviderConformance({
  name: 'anthropic',
  adapter: anthropicAdapter,
  start: () => upstream.start(),
  stop: () => upstream.close(),
  target: (upstreamModel) =>
    createUpstreamTarget({
      provider: 'anthropic',
      baseUrl: upstream.url,
      apiKey: ANTHROPIC_UPSTREAM_KEY,
      upstreamModel,
    }),
  // Anthropic counts thinking inside output_tokens without a separate figure.
  reports: { cachedTokens: true, reasoningTokens: false, toolCallIds: true },
});
