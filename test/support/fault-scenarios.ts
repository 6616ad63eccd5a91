import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { answerEcho, errorBody, type Scenario, sendJson, sleep } from './openai-wire.js';

/*
 * Fault injection for the fake upstream: per-model failure modes, call and failure counters, the API keys
 * requests carried, keys the upstream refuses, and the fault scenarios (failover and circuit-breaker tests).
 * Every failure is a real HTTP status with OpenAI's error envelope, or a real TCP reset.
 */

/**
 * How a model fails before its normal behaviour, counted from the moment the mode is set:
 * - `fail-every`: the n-th, 2n-th, … call answers `status` (default 500);
 * - `fail-until`: the first `count` calls answer `status`, later ones succeed;
 * - `fail-always`: every call answers `status`;
 * - `reset-every`: the n-th, 2n-th, … call has its connection reset (TCP RST) before any response byte.
 */
export type FailureMode =
  | { kind: 'fail-every'; n: number; status?: number }
  | { kind: 'fail-until'; count: number; status?: number }
  | { kind: 'fail-always'; status?: number }
  | { kind: 'reset-every'; n: number };

/** What to do to one call instead of its normal behaviour. */
export type Fault = { kind: 'status'; status: number } | { kind: 'reset' };

/** `flaky-500` fails this way unless a failure mode is set for it. */
export const FLAKY_500_DEFAULT: FailureMode = { kind: 'fail-every', n: 3, status: 500 };

export const SLOW_OK_DEFAULT_DELAY_MS = 1_000;

interface ModeState {
  mode: FailureMode;
  /** Calls seen since the mode was set. */
  calls: number;
}

const DEFAULT_MODES: Record<string, FailureMode> = { 'flaky-500': FLAKY_500_DEFAULT };

function checkCount(value: number, name: string) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
}

/** The fault-injection state of one fake upstream. */
export class FaultState {
  private readonly modes = new Map<string, ModeState>();
  private readonly calls = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private readonly rejected = new Map<string, 401 | 403>();
  readonly keys: string[] = [];
  slowOkDelayMs = SLOW_OK_DEFAULT_DELAY_MS;

  setMode(model: string, mode: FailureMode | null): void {
    if (mode === null) {
      this.modes.delete(model);
      return;
    }
    if (mode.kind === 'fail-every' || mode.kind === 'reset-every') checkCount(mode.n, 'n');
    if (mode.kind === 'fail-until' && (!Number.isInteger(mode.count) || mode.count < 0))
      throw new Error('count must be a non-negative integer');
    this.modes.set(model, { mode, calls: 0 });
  }

  rejectKey(key: string, status: 401 | 403): void {
    this.rejected.set(key, status);
  }

  rejectionFor(key: string): 401 | 403 | undefined {
    return this.rejected.get(key);
  }

  hasRejectedKeys(): boolean {
    return this.rejected.size > 0;
  }

  recordKey(key: string): void {
    this.keys.push(key);
  }

  recordCall(model: string): void {
    this.calls.set(model, this.callsFor(model) + 1);
  }

  recordFailure(model: string): void {
    this.failures.set(model, this.failuresFor(model) + 1);
  }

  callsFor(model: string): number {
    return this.calls.get(model) ?? 0;
  }

  failuresFor(model: string): number {
    return this.failures.get(model) ?? 0;
  }

  /** Counts this call against the model's failure mode (set or built in) and says whether it fails. */
  nextFault(model: string): Fault | null {
    let state = this.modes.get(model);
    if (!state) {
      const builtIn = DEFAULT_MODES[model];
      if (!builtIn) return null;
      state = { mode: builtIn, calls: 0 };
      this.modes.set(model, state);
    }
    state.calls++;
    const { mode, calls } = state;
    const status = 'status' in mode ? (mode.status ?? 500) : 500;
    switch (mode.kind) {
      case 'fail-every':
        return calls % mode.n === 0 ? { kind: 'status', status } : null;
      case 'fail-until':
        return calls <= mode.count ? { kind: 'status', status } : null;
      case 'fail-always':
        return { kind: 'status', status };
      case 'reset-every':
        return calls % mode.n === 0 ? { kind: 'reset' } : null;
    }
  }

  reset(): void {
    this.modes.clear();
    this.calls.clear();
    this.failures.clear();
    this.rejected.clear();
    this.keys.length = 0;
    this.slowOkDelayMs = SLOW_OK_DEFAULT_DELAY_MS;
  }
}

const resetSockets = new WeakSet<Socket>();

/** Resets the request's TCP connection (RST, so the client sees ECONNRESET) before any response byte. */
export function resetConnection(request: IncomingMessage): void {
  resetSockets.add(request.socket);
  request.socket.resetAndDestroy();
}

/** Whether the fake itself reset this connection (so it is no client abort). */
export function wasResetDeliberately(socket: Socket): boolean {
  return resetSockets.has(socket);
}

function rateLimitBody(model: string) {
  return errorBody(
    `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit 3, Used 3, ` +
      'Requested 1. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.',
    'rate_limit_exceeded',
    'requests',
  );
}

const RATE_LIMIT_HEADERS = {
  'retry-after': '1',
  'x-ratelimit-limit-requests': '3',
  'x-ratelimit-remaining-requests': '0',
  'x-ratelimit-reset-requests': '1s',
};

/** The 401 OpenAI answers for a key it does not know, with the key masked as OpenAI masks it. */
export function invalidKeyBody(key: string) {
  const masked = key.length > 8 ? `${key.slice(0, 7)}${'*'.repeat(8)}${key.slice(-4)}` : '********';
  return errorBody(
    `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_api_key',
  );
}

function permissionBody() {
  return errorBody('You are not allowed to sample from this model', null);
}

/** OpenAI's error envelope for `status` (and its headers: retry-after and rate-limit state on 429). */
export function failureFor(
  status: number,
  model: string,
  key = '',
): { body: unknown; headers: Record<string, string> } {
  switch (status) {
    case 401:
      return { body: invalidKeyBody(key), headers: {} };
    case 403:
      return { body: permissionBody(), headers: {} };
    case 429:
      return { body: rateLimitBody(model), headers: RATE_LIMIT_HEADERS };
    case 500:
      return {
        body: errorBody(
          'The server had an error while processing your request. Sorry about that!',
          null,
          'server_error',
        ),
        headers: {},
      };
    case 502:
      // OpenAI's edge answers 502 and 504 with a numeric code and a cf_* type.
      return {
        body: { error: { code: 502, message: 'Bad gateway.', param: null, type: 'cf_bad_gateway' } },
        headers: {},
      };
    case 503:
      return {
        body: errorBody('The server is overloaded or not ready yet.', null, 'server_error'),
        headers: {},
      };
    case 504:
      return {
        body: { error: { code: 504, message: 'Gateway timeout.', param: null, type: 'cf_gateway_timeout' } },
        headers: {},
      };
    default:
      return {
        body:
          status >= 500
            ? errorBody('The server had an error while processing your request.', null, 'server_error')
            : errorBody(`Request failed with status ${status}.`, null),
        headers: {},
      };
  }
}

/** Answers `status` the way OpenAI does (see failureFor). */
export function sendFailure(response: ServerResponse, status: number, model: string, key = ''): void {
  const { body, headers } = failureFor(status, model, key);
  sendJson(response, status, body, headers);
}

/** Scenarios for failover, retry and deadline tests; the upstream model id selects one. */
export const FAULT_SCENARIOS: Record<string, Scenario> = {
  'reset-connection': (_body, _response, _upstream, request) => resetConnection(request),
  'error-429-retry-after': (body, response) => sendFailure(response, 429, String(body.model)),
  'error-403': (_body, response) => sendFailure(response, 403, ''),
  // The failures come from its built-in failure mode (FLAKY_500_DEFAULT) or the one set for it.
  'flaky-500': (body, response) => answerEcho(body, response),
  'slow-ok': async (body, response, upstream) => {
    await sleep(upstream.slowOkDelayMs);
    if (response.destroyed) return;
    return answerEcho(body, response);
  },
};
