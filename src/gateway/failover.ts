import { GatewayError, toGatewayError } from '../api/gateway-error.js';
import type { RetryConfig } from '../config/config-types.js';
import type { UpstreamCall } from '../providers/provider-adapter.js';
import { toUpstreamTransportError } from '../providers/shared/parse-upstream-error.js';
import type { RoutePlan, RouteTarget } from './model-catalog.js';
import type { RequestAbort } from './request-abort.js';
import type { RequestMeter } from './request-meter.js';
import { backoffDelayMs } from './routing/backoff.js';
import { isCredentialFailure, isRetryableUpstreamFailure, retryAfterMsOf } from './routing/retry-decision.js';
import { orderTargets } from './routing/target-order.js';
import type { KeyLease } from './routing/upstream-key-pool.js';

export interface FailoverOptions {
  retry: RetryConfig;
  now: () => number;
  random: () => number;
  /** An upstream 401/403 disabled one of a channel's keys: persist it and tell operators. */
  onKeyDisabled(route: RouteTarget, lease: KeyLease, reason: string): void;
  /** Every upstream attempt's outcome, for metrics. */
  onAttempt?(channel: string, outcome: 'success' | 'failure', errorCode: string | null): void;
}

/** The attempt that succeeded, so a stream that fails later can still be held against its target and key. */
export interface AttemptResult<T> {
  value: T;
  route: RouteTarget;
  keyIndex: number;
}

/**
 * Tries the plan's targets in order (the model's highest healthy tier first, weighted within a tier; then
 * each fallback model's) until one answers, at most `retry.maxAttempts` times, with exponential backoff
 * (jittered, at least the upstream's retry-after) and never past the request's deadline. Fails over on
 * connection errors, timeouts, 408/409/429 and 5xx; an upstream 401/403 disables that key and moves on;
 * anything else (400, 404, 422, …) is returned at once. `attempt` must settle before the first byte
 * reaches the client (a stream resolves on its first chunk), so nothing is ever retried after it.
 */
export async function runWithFailover<T>(
  plan: RoutePlan,
  meter: RequestMeter,
  abort: RequestAbort,
  deadlineAtMs: number,
  options: FailoverOptions,
  attempt: (route: RouteTarget, call: UpstreamCall) => Promise<T>,
): Promise<AttemptResult<T>> {
  let lastError: GatewayError | null = null;
  // Which key the last failure came from: its retry-after binds only a retry with that same key (another
  // key or channel need not wait; the limited key is cooling down anyway).
  let lastFailedKey: { channel: RouteTarget['channel']; index: number } | null = null;
  let attempts = 0;
  let skippedUnhealthy = 0;
  for (const group of plan.groups) {
    for (const route of orderTargets(group.targets, options.random)) {
      if (!route.breaker.tryAcquire()) {
        skippedUnhealthy += 1;
        continue;
      }
      // Several keys on one target: a key an upstream 401/403 disabled makes way for the next one.
      for (;;) {
        if (attempts >= options.retry.maxAttempts) {
          route.breaker.release();
          throw finalError(lastError, meter);
        }
        const lease = route.channel.keys.acquire();
        if (!lease) {
          route.breaker.release();
          skippedUnhealthy += 1;
          break;
        }
        // Copied: the pool hands out one reused lease object.
        const keyIndex = lease.index;
        const key = lease.key;
        if (attempts > 0) {
          const delayMs = backoffDelayMs({
            attempt: attempts,
            initialBackoffMs: options.retry.initialBackoffMs,
            maxBackoffMs: options.retry.maxBackoffMs,
            retryAfterMs:
              lastError && lastFailedKey?.channel === route.channel && lastFailedKey.index === keyIndex
                ? retryAfterMsOf(lastError, options.now())
                : null,
            remainingMs: deadlineAtMs - options.now(),
            random: options.random,
          });
          if (delayMs === null) {
            release(route, keyIndex);
            throw finalError(lastError, meter);
          }
          if (delayMs > 0) await sleep(delayMs, abort);
          if (abort.aborted) {
            release(route, keyIndex);
            throw toUpstreamTransportError(abort.reason, route.target, abort);
          }
        }
        attempts += 1;
        meter.attempts = attempts;
        meter.channel = route.target.channel;
        meter.servedModel = route.target.upstreamModel;
        const target = route.keyTargets[keyIndex] ?? route.target;
        const startedAtMs = options.now();
        try {
          const value = await attempt(route, { target, signal: abort.signal, http: route.http });
          route.breaker.recordSuccess();
          route.channel.keys.report(keyIndex, 'success');
          const answeredAtMs = options.now();
          route.channel.recent.record(answeredAtMs, answeredAtMs - startedAtMs, false);
          options.onAttempt?.(route.target.channel, 'success', null);
          return { value, route, keyIndex };
        } catch (error) {
          const failure = toGatewayError(error);
          if (abort.aborted) {
            // The client left, the deadline passed or the server is stopping: no verdict on the target.
            release(route, keyIndex);
            throw failure;
          }
          // The channel's health counts its own faults (5xx, timeouts, 429s, rejected keys), not the
          // request's (a 400 for a bad parameter says nothing about the channel).
          const failedAtMs = options.now();
          const channelFault = isRetryableUpstreamFailure(failure) || isCredentialFailure(failure);
          route.channel.recent.record(failedAtMs, failedAtMs - startedAtMs, channelFault);
          options.onAttempt?.(route.target.channel, 'failure', failure.wireCode ?? failure.code);
          lastError = failure;
          lastFailedKey = { channel: route.channel, index: keyIndex };
          if (isCredentialFailure(failure)) {
            route.channel.keys.report(keyIndex, 'released');
            route.channel.keys.disable(
              keyIndex,
              `upstream ${failure.status}: ${failure.message.slice(0, 200)}`,
            );
            options.onKeyDisabled(route, { index: keyIndex, key }, failure.message);
            continue;
          }
          if (!isRetryableUpstreamFailure(failure)) {
            // The request's own fault (400, 404, 422…): the target is healthy.
            release(route, keyIndex);
            throw failure;
          }
          // A 429 is about the key (its quota); anything else about the target (the model on that
          // channel): one failing model must not take the channel's keys out for every other model.
          if (failure.status === 429) {
            route.breaker.release();
            route.channel.keys.report(keyIndex, 'failure');
            const retryAfterMs = retryAfterMsOf(failure, options.now());
            if (retryAfterMs !== null) route.channel.keys.coolDown(keyIndex, options.now() + retryAfterMs);
          } else {
            route.breaker.recordFailure();
            route.channel.keys.report(keyIndex, 'released');
          }
          break;
        }
      }
    }
  }
  if (lastError === null && skippedUnhealthy > 0) {
    throw new GatewayError(
      'upstream_unavailable',
      `Every channel for model '${meter.model}' is unavailable right now (circuit open or keys disabled).`,
      { headers: { 'retry-after': '1' } },
    );
  }
  throw finalError(lastError, meter);
}

function release(route: RouteTarget, keyIndex: number): void {
  route.breaker.release();
  route.channel.keys.report(keyIndex, 'released');
}

function finalError(lastError: GatewayError | null, meter: RequestMeter): GatewayError {
  return (
    lastError ?? new GatewayError('upstream_unavailable', `No channel could serve model '${meter.model}'.`)
  );
}

/** Waits, but wakes at once when the request is aborted. */
function sleep(ms: number, abort: RequestAbort): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      abort.removeEventListener('abort', done);
      resolve();
    }
    abort.addEventListener('abort', done);
  });
}
