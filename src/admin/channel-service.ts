import { GatewayError } from '../api/gateway-error.js';
import type { Store } from '../store/store.js';
import type { ChannelRow, UpstreamKeyState } from '../store/store-types.js';
import { fingerprintUpstreamKey } from '../store/upstream-key-fingerprint.js';
import { assertApiOwned } from './admin-lookups.js';
import type { AdminRuntime } from './admin-runtime.js';
import { type AdminActor, type AdminChangeRecorder, adminChangeRecorder } from './audit-recorder.js';
import {
  type ChannelEntry,
  CONFIG_CHANNEL_ID_PREFIX,
  sealChannel,
  toConfigEntry,
  toStoredEntry,
} from './channel-entry.js';
import { type ChannelTestResult, toChannelHealthView } from './channel-health.js';
import { applyChannelBody, replacesCredentials } from './channel-input.js';
import { type ChannelView, toChannelView, toUpstreamKeyHint } from './channel-views.js';
import { type Page, type PageRequest, pageByCreation } from './list-paging.js';
import { newId } from './new-id.js';

export interface ChannelListQuery {
  /** Case-insensitive substring of the name. */
  search?: string;
  page: PageRequest;
}

/**
 * Channels made through the admin API, listed with the YAML's (read-only, `source: config`). Credentials
 * are sealed before they reach the store and never shown; every change is audited and reloads the
 * gateway's channels at once (other instances follow the bumped channels version).
 */
export class ChannelService {
  private readonly audit: AdminChangeRecorder;

  constructor(
    private readonly store: Store,
    private readonly runtime: AdminRuntime,
  ) {
    this.audit = adminChangeRecorder(store, runtime, 'channel');
  }

  async create(body: unknown, actor: AdminActor, nowMs: number): Promise<ChannelView> {
    const channel = applyChannelBody(null, body);
    await this.assertNameFree(channel.name, null);
    const row = sealChannel(channel, this.runtime.secretBox(), {
      id: newId('ch'),
      disabledAtMs: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    });
    await this.store.insertChannel(row);
    const entry = this.toEntry(row);
    await this.audit(actor, 'channel.create', row.id, null, toChannelView(entry), nowMs);
    return this.withHealth(entry);
  }

  async list(query: ChannelListQuery): Promise<Page<ChannelView>> {
    const box = this.runtime.secretBox();
    let entries = [
      ...this.runtime.configChannels().map(toConfigEntry),
      ...(await this.store.listChannels()).map((row) => toStoredEntry(row, box)),
    ];
    const search = query.search?.toLowerCase();
    if (search) entries = entries.filter((entry) => entry.channel.name.toLowerCase().includes(search));
    const page = pageByCreation(entries, query.page);
    const keyStates = await this.store.listKeyStates();
    return {
      data: page.data.map((entry) =>
        this.toViewWithHealth(
          entry,
          keyStates.filter((state) => state.channelName === entry.channel.name),
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  async get(id: string): Promise<ChannelView> {
    return this.withHealth(await this.requireEntry(id));
  }

  async update(id: string, body: unknown, actor: AdminActor, nowMs: number): Promise<ChannelView> {
    const row = await this.requireStoredRow(id);
    const entry = this.toEntry(row);
    if (entry.credentialsError !== null && !replacesCredentials(body)) {
      throw new GatewayError(
        'conflict',
        `${entry.credentialsError}; send both api_keys and headers to replace them.`,
      );
    }
    const channel = applyChannelBody(entry.channel, body);
    if (channel.name !== row.name) await this.assertNameFree(channel.name, row.id);
    const next = sealChannel(channel, this.runtime.secretBox(), {
      id: row.id,
      disabledAtMs: row.disabledAtMs,
      createdAtMs: row.createdAtMs,
      updatedAtMs: nowMs,
    });
    await this.saveRow(next);
    const after = this.toEntry(next);
    await this.audit(actor, 'channel.update', id, toChannelView(entry), toChannelView(after), nowMs);
    return this.withHealth(after);
  }

  async setDisabled(id: string, disabled: boolean, actor: AdminActor, nowMs: number): Promise<ChannelView> {
    const row = await this.requireStoredRow(id);
    if ((row.disabledAtMs !== null) === disabled) return this.withHealth(this.toEntry(row));
    // The sealed credentials are kept as they are: disabling works even when they cannot be opened.
    const next: ChannelRow = { ...row, disabledAtMs: disabled ? nowMs : null, updatedAtMs: nowMs };
    await this.saveRow(next);
    const after = this.toEntry(next);
    const action = disabled ? 'channel.disable' : 'channel.enable';
    await this.audit(actor, action, id, toChannelView(this.toEntry(row)), toChannelView(after), nowMs);
    return this.withHealth(after);
  }

  /** Hard delete: usage records keep the channel's name. */
  async delete(id: string, actor: AdminActor, nowMs: number): Promise<ChannelView> {
    const row = await this.requireStoredRow(id);
    const view = toChannelView(this.toEntry(row));
    if (!(await this.store.deleteChannel(id))) throw notFound(id);
    await this.audit(actor, 'channel.delete', id, view, null, nowMs);
    return view;
  }

  /** One tiny real request through the channel (config channels and disabled ones included). */
  async test(id: string): Promise<ChannelTestResult> {
    const entry = await this.requireEntry(id);
    assertCredentialsOpen(entry);
    return this.runtime.testChannel(entry.channel);
  }

  /** Re-enables an upstream key a 401/403 disabled; YAML channels' keys included (their state is data). */
  async enableKey(id: string, indexText: string, actor: AdminActor, nowMs: number): Promise<ChannelView> {
    const entry = await this.requireEntry(id);
    assertCredentialsOpen(entry);
    const index = /^\d{1,4}$/.test(indexText) ? Number(indexText) : Number.NaN;
    const key = entry.channel.apiKeys[index];
    if (key === undefined) {
      throw new GatewayError(
        'not_found',
        `Channel '${entry.channel.name}' has no upstream key at index '${indexText.slice(0, 20)}' (it has ${entry.channel.apiKeys.length}).`,
        { param: 'index' },
      );
    }
    const name = entry.channel.name;
    const fingerprint = fingerprintUpstreamKey(key);
    const state = (await this.store.listKeyStates(name)).find((item) => item.fingerprint === fingerprint);
    if (state !== undefined) await this.store.setKeyState(name, fingerprint, null);
    // Also clears a cooldown or an open breaker in this process, whether or not the key was disabled.
    await this.runtime.enableUpstreamKey(name, index);
    if (state !== undefined) {
      const hint = toUpstreamKeyHint(key);
      const before = {
        index,
        hint,
        disabled_at: new Date(state.disabledAtMs).toISOString(),
        reason: state.reason,
      };
      const after = { index, hint, disabled_at: null, reason: null };
      await this.audit(actor, 'channel.key_enable', entry.id, before, after, nowMs);
    }
    return this.withHealth(entry);
  }

  private toEntry(row: ChannelRow): ChannelEntry {
    return toStoredEntry(row, this.runtime.secretBox());
  }

  private async withHealth(entry: ChannelEntry): Promise<ChannelView> {
    return this.toViewWithHealth(entry, await this.store.listKeyStates(entry.channel.name));
  }

  private toViewWithHealth(entry: ChannelEntry, keyStates: readonly UpstreamKeyState[]): ChannelView {
    const view = toChannelView(entry);
    const disabled = entry.disabledAtMs !== null;
    // A disabled channel is out of the gateway's catalog, so any health by its name belongs to another.
    const live = disabled ? null : this.runtime.channelHealth(entry.channel.name);
    view.health = toChannelHealthView(entry.channel, disabled, live, keyStates);
    return view;
  }

  private async requireEntry(id: string): Promise<ChannelEntry> {
    if (id.startsWith(CONFIG_CHANNEL_ID_PREFIX)) {
      const name = id.slice(CONFIG_CHANNEL_ID_PREFIX.length);
      const channel = this.runtime.configChannels().find((item) => item.name === name);
      if (channel === undefined) throw notFound(id);
      return toConfigEntry(channel);
    }
    return this.toEntry(await this.requireStoredRow(id));
  }

  /** A channel the API may change: stored, not one of the YAML's (409). */
  private async requireStoredRow(id: string): Promise<ChannelRow> {
    if (id.startsWith(CONFIG_CHANNEL_ID_PREFIX)) {
      const entry = await this.requireEntry(id);
      assertApiOwned(entry, `Channel '${entry.channel.name}'`);
    }
    const row = await this.store.findChannelById(id);
    if (row === null) throw notFound(id);
    return row;
  }

  private async saveRow(row: ChannelRow): Promise<void> {
    if (!(await this.store.updateChannel(row))) throw notFound(row.id);
  }

  private async assertNameFree(name: string, exceptId: string | null): Promise<void> {
    if (this.runtime.configChannels().some((channel) => channel.name === name)) {
      throw new GatewayError('conflict', `The config file declares a channel named '${name}'.`, {
        param: 'name',
      });
    }
    const existing = await this.store.findChannelByName(name);
    if (existing && existing.id !== exceptId) {
      throw new GatewayError('conflict', `A channel named '${name}' already exists.`, { param: 'name' });
    }
  }
}

function notFound(id: string): GatewayError {
  return new GatewayError('not_found', `No channel with id '${id.slice(0, 80)}'.`, { param: 'id' });
}

function assertCredentialsOpen(entry: ChannelEntry): void {
  if (entry.credentialsError !== null) {
    throw new GatewayError(
      'conflict',
      `${entry.credentialsError}; PATCH the channel with new api_keys and headers.`,
    );
  }
}
