import type { ChannelConfig } from '../config/config-types.js';
import type { Store } from '../store/store.js';
import type { UpstreamKeyState } from '../store/store-types.js';
import { fingerprintUpstreamKey } from '../store/upstream-key-fingerprint.js';
import { openChannelRow } from './channel-entry.js';
import type { SecretBox } from './secret-box.js';
import { SecretBoxError } from './secret-box.js';

/** What the gateway builds its channel catalog from, besides the YAML's channels. */
export interface StoredChannels {
  /**
   * The channels version read before the rows: a change racing this load shows up as a newer version at
   * the next poll, never as a missed one.
   */
  version: number;
  /** Enabled channels made through the API, credentials opened, oldest first. */
  channels: ChannelConfig[];
  /** Upstream keys a 401/403 disabled, of every channel (YAML ones too), by channel name then fingerprint. */
  keyStates: UpstreamKeyState[];
  /** Stored channels left out: credentials that cannot be opened, or a name the YAML now declares. */
  skipped: { name: string; reason: string }[];
}

export interface LoadStoredChannelsOptions {
  /** The YAML's channel names: the YAML wins over a stored channel of the same name. */
  reservedNames?: ReadonlySet<string>;
}

/** Reads the API's channels and the disabled keys; never throws for one channel's bad credentials. */
export async function loadStoredChannels(
  store: Store,
  box: SecretBox,
  options: LoadStoredChannelsOptions = {},
): Promise<StoredChannels> {
  const version = await store.getChannelsVersion();
  const [rows, keyStates] = await Promise.all([store.listChannels(), store.listKeyStates()]);
  const channels: ChannelConfig[] = [];
  const skipped: StoredChannels['skipped'] = [];
  for (const row of rows) {
    if (row.disabledAtMs !== null) continue;
    if (options.reservedNames?.has(row.name)) {
      skipped.push({ name: row.name, reason: 'the config file declares a channel of the same name' });
      continue;
    }
    try {
      channels.push(openChannelRow(row, box));
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      skipped.push({ name: row.name, reason: error.message });
    }
  }
  return { version, channels, keyStates, skipped };
}

/** The channel's disabled keys by index in its key list, for the gateway's key pool. */
export function findDisabledKeys(
  channel: ChannelConfig,
  keyStates: readonly UpstreamKeyState[],
): { index: number; reason: string; disabledAtMs: number }[] {
  const states = new Map(
    keyStates
      .filter((state) => state.channelName === channel.name)
      .map((state) => [state.fingerprint, state]),
  );
  if (states.size === 0) return [];
  return channel.apiKeys.flatMap((key, index) => {
    const state = states.get(fingerprintUpstreamKey(key));
    return state === undefined ? [] : [{ index, reason: state.reason, disabledAtMs: state.disabledAtMs }];
  });
}
