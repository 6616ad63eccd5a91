import { findProviderAdapter } from '../../src/providers/registry.js';
import {
  DEEPSEEK_PROFILE,
  FakeCompatibleVendorUpstream,
  GROQ_PROFILE,
  MISTRAL_PROFILE,
  OPENROUTER_PROFILE,
  VENDOR_KEY,
} from '../support/fake-compatible-vendor-upstream.js';
import { describeProviderConformance } from '../support/provider-conformance.js';
import { createUpstreamTarget } from '../support/upstream-target.js';

// Presets with distinct quirks: reasoning_content as is (deepseek), `reasoning` moved (openrouter, groq),
// no stream_options with usage on the last chunk unasked (mistral).
for (const profile of [DEEPSEEK_PROFILE, OPENROUTER_PROFILE, GROQ_PROFILE, MISTRAL_PROFILE]) {
  const upstream = new FakeCompatibleVendorUpstream(profile);
  describeProviderConformance({
    name: `openai-compatible preset ${profile.name}`,
    adapter: findProviderAdapter(profile.name)!,
    start: () => upstream.start(),
    stop: () => upstream.close(),
    target: (upstreamModel) =>
      createUpstreamTarget({
        provider: profile.name,
        baseUrl: upstream.url,
        apiKey: VENDOR_KEY,
        upstreamModel,
      }),
    reports: { cachedTokens: true, reasoningTokens: true, toolCallIds: true },
  });
}
