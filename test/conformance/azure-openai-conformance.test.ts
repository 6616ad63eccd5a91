import { azureOpenAiAdapter } from '../../src/providers/azure-openai/azure-openai-adapter.js';
import {
  AZURE_API_VERSION,
  AZURE_KEY,
  FakeAzureOpenAiUpstream,
} from '../support/fake-azure-openai-upstream.js';
import { describeProviderConformance } from '../support/provider-conformance.js';
import { createUpstreamTarget } from '../support/upstream-target.js';

// The dated surface (deployment in the path) and the v1 surface (deployment as `model`).
for (const apiVersion of [AZURE_API_VERSION, 'v1']) {
  const upstream = new FakeAzureOpenAiUpstream();
  describeProviderConformance({
    name: `azure-openai (api_version ${apiVersion})`,
    adapter: azureOpenAiAdapter,
    start: () => upstream.start(),
    stop: () => upstream.close(),
    target: (upstreamModel) =>
      createUpstreamTarget({
        provider: 'azure-openai',
        baseUrl: upstream.url,
        apiKey: AZURE_KEY,
        apiVersion,
        upstreamModel,
      }),
    reports: { cachedTokens: true, reasoningTokens: true, toolCallIds: true },
  });
}
