import type { ChannelConfig } from '../config/config-types.js';
import type { ChannelRuntimeHealth, ChannelTestResult } from './channel-health.js';
import type { ModelRoutes } from './model-routes.js';
import type { SecretBox } from './secret-box.js';

/** A budget's owner as the admin API names it. */
export type BudgetOwner = { kind: 'key'; id: string } | { kind: 'team'; id: string };

/** Live view of a budget from the running gateway's counters (includes in-flight reservations). */
export interface LiveBudget {
  remainingMicros: number | null;
}

/**
 * What admin services need from the running gateway, kept as an interface so `src/admin` stays
 * framework- and wiring-free (the CLI passes a runtime that only knows the models it can see).
 */
export interface AdminRuntime {
  /** The currency every amount is in, e.g. `CNY`. */
  readonly currency: string;
  /** Public model ids some channel serves; null when unknown (the CLI without a config). */
  knownModels(): ReadonlySet<string> | null;
  /**
   * Reloads keys, teams, prices and channels into this process's caches at once (other instances notice
   * the bumped keys or channels version within a second).
   */
  refresh(): Promise<void>;
  /** Applies a grant (already written to the ledger) to the live budget counters. */
  credit(owner: BudgetOwner, amountMicros: number, nowMs: number): Promise<void>;
  /** The live remaining budget, or null when the owner has no budget. */
  liveBudget(owner: BudgetOwner, nowMs: number): Promise<LiveBudget>;

  /** Every public model the gateway serves now, with its routes (empty when this process serves none). */
  modelRoutes(): ModelRoutes[];
  /** The YAML's channels: listed with `source: config`, read-only through the API, their names reserved. */
  configChannels(): readonly ChannelConfig[];
  /** Seals and opens the credentials of channels made through the API. */
  secretBox(): SecretBox;
  /** This instance's breakers and recent numbers for a channel it serves; null when it serves none by that name. */
  channelHealth(name: string): ChannelRuntimeHealth | null;
  /**
   * Sends one tiny real request (a few output tokens) to the channel's first model, with its first key that
   * is not disabled, outside routing, budgets and usage records. Works for disabled and new channels too.
   */
  testChannel(channel: ChannelConfig): Promise<ChannelTestResult>;
  /**
   * An admin re-enabled the key at `index` (its disabled state is already gone from the store): forget its
   * disabling, cooldown and breaker history in this process.
   */
  enableUpstreamKey(channelName: string, index: number): Promise<void>;
}
