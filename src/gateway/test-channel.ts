import { Agent } from 'undici';
import type { ChatRequest } from '../api/chat-types.js';
import { UpstreamError } from '../api/gateway-error.js';
import type { ChannelConfig } from '../config/config-types.js';
import { findProviderAdapter } from '../providers/registry.js';
import { maskSecrets } from '../providers/shared/mask-secrets.js';
import { RequestAbort } from './request-abort.js';

export interface ChannelTestOutcome {
  ok: boolean;
  latencyMs: number;
  status: number | null;
  model: string;
  error: string | null;
}

/** Longest a channel test may take: an operator is waiting for the answer. */
const TEST_LIMIT_MS = 30_000;

/**
 * One tiny real request (one output token) to the channel's first model with the given key, outside
 * routing, budgets and usage records, on its own connection.
 */
export async function testChannel(
  channel: ChannelConfig,
  apiKey: string | null,
): Promise<ChannelTestOutcome> {
  const model = channel.models[0] ?? '';
  const adapter = findProviderAdapter(channel.provider);
  if (!adapter)
    return { ok: false, latencyMs: 0, status: null, model, error: `unknown provider ${channel.provider}` };
  const url = new URL(channel.baseUrl);
  const agent = new Agent({ connections: 1, connect: { timeout: channel.timeouts.connectMs } });
  const abort = new RequestAbort();
  const timer = setTimeout(
    () => abort.abort(new DOMException('Channel test timed out', 'TimeoutError')),
    Math.min(channel.timeouts.totalMs, TEST_LIMIT_MS),
  );
  const startedAt = performance.now();
  const latencyMs = () => Math.round(performance.now() - startedAt);
  const request: ChatRequest = { model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 };
  try {
    await adapter.complete(request, {
      target: {
        channel: channel.name,
        provider: channel.provider,
        baseUrl: channel.baseUrl,
        origin: url.origin,
        basePath: url.pathname.replace(/\/+$/, ''),
        apiKey,
        upstreamModel: channel.modelMap[model] ?? model,
        headers: channel.headers,
        apiVersion: channel.apiVersion ?? null,
        firstByteMs: Math.min(channel.timeouts.firstByteMs, TEST_LIMIT_MS),
        idleMs: channel.timeouts.idleMs,
      },
      signal: abort,
      http: agent,
    });
    return { ok: true, latencyMs: latencyMs(), status: 200, model, error: null };
  } catch (error) {
    const status = error instanceof UpstreamError ? error.details.upstreamStatus : null;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, latencyMs: latencyMs(), status, model, error: maskSecrets(message) };
  } finally {
    clearTimeout(timer);
    await agent.close();
  }
}
