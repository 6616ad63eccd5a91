import type { UpstreamTarget } from '../../src/providers/provider-adapter.js';

/** An OpenAI-shaped target for unit tests; `baseUrl` overrides also set `origin` and `basePath`. */
export function createUpstreamTarget(overrides: Partial<UpstreamTarget> = {}): UpstreamTarget {
  const baseUrl = overrides.baseUrl ?? 'https://api.openai.com/v1';
  const parsed = new URL(baseUrl);
  return {
    channel: 'openai-main',
    provider: 'openai-compatible',
    baseUrl,
    origin: parsed.origin,
    basePath: parsed.pathname.replace(/\/+$/, ''),
    apiKey: 'sk-upstream-0123456789abcdef',
    upstreamModel: 'gpt-4o-mini-2024-07-18',
    headers: {},
    firstByteMs: 30_000,
    idleMs: 60_000,
    ...overrides,
  };
}
