import type { ChannelConfig } from '../config/config-types.js';
import type { UpstreamKeyState } from '../store/store-types.js';
import { fingerprintUpstreamKey } from '../store/upstream-key-fingerprint.js';
import { toIsoTime } from './admin-views.js';
import { toUpstreamKeyHint } from './channel-views.js';

export type BreakerStateName = 'closed' | 'open' | 'half_open';

/**
 * What this instance's gateway knows of a channel it serves (process memory: each instance its own).
 * Disabled keys are not here: the store holds them, for every instance.
 */
export interface ChannelRuntimeHealth {
  /** One breaker per target of the channel: `model` is the upstream model id it is sent as. */
  targets: {
    model: string;
    state: BreakerStateName;
    openedAtMs: number | null;
    nextProbeAtMs: number | null;
  }[];
  /** One breaker per upstream key, by its index in the channel's key list. */
  keys: { index: number; state: BreakerStateName; coolingUntilMs: number | null }[];
  /** Attempts that ended over the last `windowMs`; null when the gateway keeps no such numbers. */
  recent: {
    windowMs: number;
    requests: number;
    errors: number;
    latencyP50Ms: number | null;
    latencyP99Ms: number | null;
  } | null;
}

/** What `POST /admin/channels/:id/test` reports: one tiny real request to the channel's first model. */
export interface ChannelTestResult {
  ok: boolean;
  latencyMs: number;
  /** The upstream's HTTP status; null when none came (connection refused, timeout). */
  status: number | null;
  /** The public model id asked for. */
  model: string;
  /** What went wrong, secrets masked; null when ok. */
  error: string | null;
}

/**
 * `healthy`: every breaker closed and every key usable; `degraded`: some are not; `down`: none is;
 * `disabled`: an admin disabled the channel; `unknown`: the gateway has not loaded it (yet).
 */
export type ChannelHealthStatus = 'healthy' | 'degraded' | 'down' | 'disabled' | 'unknown';

export interface ChannelKeyHealthView {
  index: number;
  hint: string;
  /** Null when the gateway has not loaded the channel. */
  breaker: BreakerStateName | null;
  cooling_until: string | null;
  /** Set when an upstream refused the key (401/403): it stays out until an admin enables it. */
  disabled_at: string | null;
  disabled_reason: string | null;
}

export interface ChannelHealthView {
  status: ChannelHealthStatus;
  targets: {
    model: string;
    breaker: BreakerStateName;
    opened_at: string | null;
    next_probe_at: string | null;
  }[];
  keys: ChannelKeyHealthView[];
  recent: {
    window_ms: number;
    requests: number;
    errors: number;
    error_rate: number | null;
    latency_p50_ms: number | null;
    latency_p99_ms: number | null;
  } | null;
}

/** Joins the store's disabled keys (by fingerprint) with the gateway's breakers (by index). */
export function toChannelHealthView(
  channel: ChannelConfig,
  channelDisabled: boolean,
  runtime: ChannelRuntimeHealth | null,
  keyStates: readonly UpstreamKeyState[],
): ChannelHealthView {
  const disabledByFingerprint = new Map(keyStates.map((state) => [state.fingerprint, state]));
  const keys = channel.apiKeys.map((key, index): ChannelKeyHealthView => {
    const live = runtime?.keys.find((item) => item.index === index);
    const disabled = disabledByFingerprint.get(fingerprintUpstreamKey(key));
    return {
      index,
      hint: toUpstreamKeyHint(key),
      breaker: live?.state ?? null,
      cooling_until: toIsoTime(live?.coolingUntilMs ?? null),
      disabled_at: toIsoTime(disabled?.disabledAtMs ?? null),
      disabled_reason: disabled?.reason ?? null,
    };
  });
  const targets = (runtime?.targets ?? []).map((target) => ({
    model: target.model,
    breaker: target.state,
    opened_at: toIsoTime(target.openedAtMs),
    next_probe_at: toIsoTime(target.nextProbeAtMs),
  }));
  const recent = runtime?.recent ?? null;
  return {
    status: healthStatus(channelDisabled, runtime, keys),
    targets,
    keys,
    recent:
      recent === null
        ? null
        : {
            window_ms: recent.windowMs,
            requests: recent.requests,
            errors: recent.errors,
            error_rate: recent.requests === 0 ? null : recent.errors / recent.requests,
            latency_p50_ms: recent.latencyP50Ms,
            latency_p99_ms: recent.latencyP99Ms,
          },
  };
}

function healthStatus(
  channelDisabled: boolean,
  runtime: ChannelRuntimeHealth | null,
  keys: readonly ChannelKeyHealthView[],
): ChannelHealthStatus {
  if (channelDisabled) return 'disabled';
  const usableKeys = keys.filter((key) => key.disabled_at === null && key.breaker !== 'open');
  if (keys.length > 0 && usableKeys.length === 0) return 'down';
  if (keys.some((key) => key.disabled_at !== null)) return 'degraded';
  if (runtime === null) return 'unknown';
  const openTargets = runtime.targets.filter((target) => target.state === 'open');
  if (runtime.targets.length > 0 && openTargets.length === runtime.targets.length) return 'down';
  const allClosed =
    openTargets.length === 0 &&
    runtime.targets.every((target) => target.state === 'closed') &&
    keys.every((key) => key.breaker === 'closed' && key.cooling_until === null);
  return allClosed ? 'healthy' : 'degraded';
}
