import { vi } from 'vitest';
import type { AdminRuntime } from '../../src/admin/admin-runtime.js';
import type { ChannelRuntimeHealth, ChannelTestResult } from '../../src/admin/channel-health.js';
import { createOfflineAdminRuntime } from '../../src/admin/offline-admin-runtime.js';
import { createSecretBox, type SecretBox } from '../../src/admin/secret-box.js';
import type { ChannelConfig } from '../../src/config/config-types.js';

export const TEST_SECRET_KEY = Buffer.alloc(32, 7);

/** A YAML channel as the config loader returns it, with every default filled in. */
export function buildConfigChannel(name: string, overrides: Partial<ChannelConfig> = {}): ChannelConfig {
  return {
    name,
    provider: 'openai-compatible',
    baseUrl: 'https://config.example.com/v1',
    apiKeys: ['sk-config-key-0000000001', 'sk-config-key-0000000002'],
    priority: 0,
    weight: 1,
    models: ['gpt-a'],
    modelMap: {},
    headers: {},
    timeouts: { connectMs: 10_000, firstByteMs: 300_000, idleMs: 120_000, totalMs: 900_000 },
    maxConnections: 256,
    ...overrides,
  };
}

export type ChannelTestRuntime = AdminRuntime & {
  refresh: ReturnType<typeof vi.fn<() => Promise<void>>>;
  testChannel: ReturnType<typeof vi.fn<(channel: ChannelConfig) => Promise<ChannelTestResult>>>;
  enableUpstreamKey: ReturnType<typeof vi.fn<(name: string, index: number) => Promise<void>>>;
  /** What channelHealth answers, by channel name. */
  health: Map<string, ChannelRuntimeHealth>;
};

/** The offline runtime plus channels: YAML channels, a secret box and recording channel hooks. */
export function createChannelTestRuntime(
  options: { configChannels?: ChannelConfig[]; box?: SecretBox } = {},
): ChannelTestRuntime {
  const box = options.box ?? createSecretBox(TEST_SECRET_KEY);
  const health = new Map<string, ChannelRuntimeHealth>();
  return {
    ...createOfflineAdminRuntime('CNY', new Set(['gpt-a', 'gpt-b'])),
    refresh: vi.fn(async () => {}),
    configChannels: () => options.configChannels ?? [],
    secretBox: () => box,
    channelHealth: (name) => health.get(name) ?? null,
    testChannel: vi.fn(async (channel: ChannelConfig) => ({
      ok: true,
      latencyMs: 12,
      status: 200,
      model: channel.models[0]!,
      error: null,
    })),
    enableUpstreamKey: vi.fn(async () => {}),
    health,
  };
}
