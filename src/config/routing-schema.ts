import { MAX_TIMER_MS } from './channel-schema.js';
import {
  childField,
  type Field,
  failAt,
  readEntries,
  readInteger,
  readOptionalMapping,
  readUniqueStringList,
} from './config-fields.js';
import type { BreakerConfig, RetryConfig } from './config-types.js';

export const DEFAULT_RETRY: Readonly<RetryConfig> = {
  maxAttempts: 3,
  initialBackoffMs: 200,
  maxBackoffMs: 5000,
};

export const DEFAULT_BREAKER: Readonly<BreakerConfig> = {
  failureThreshold: 5,
  windowMs: 30_000,
  cooldownMs: 30_000,
};

export const MAX_ATTEMPTS = 10;
export const MAX_FAILURE_THRESHOLD = 10_000;

const RETRY_KEYS = ['max_attempts', 'initial_backoff_ms', 'max_backoff_ms'] as const;
const BREAKER_KEYS = ['failure_threshold', 'window_ms', 'cooldown_ms'] as const;

/**
 * `fallbacks:` — public model → the public models tried, in order, when all of its targets fail. Every model
 * named must be served by a channel, and the chains must not loop back.
 */
export function parseFallbacks(
  value: unknown,
  field: Field,
  servedModels: ReadonlySet<string>,
): Record<string, string[]> {
  const fallbacks: Record<string, string[]> = {};
  for (const [model, item] of readEntries(value, field)) {
    const modelField = childField(field, model);
    if (!servedModels.has(model)) failAt(modelField, `no channel serves model ${JSON.stringify(model)}`);
    const targets = readUniqueStringList(item, modelField, 'model');
    if (targets === null || targets.length === 0) {
      failAt(modelField, 'must list at least one model to fall back to; remove the entry for none');
    }
    targets.forEach((target, index) => {
      const targetField = childField(modelField, index);
      if (!servedModels.has(target)) failAt(targetField, `no channel serves model ${JSON.stringify(target)}`);
      if (target === model) failAt(targetField, 'a model cannot fall back to itself');
    });
    fallbacks[model] = targets;
  }
  checkNoCycle(fallbacks, field);
  return fallbacks;
}

/** Depth-first over the chains, in file order; reports the first edge that leads back into the chain. */
function checkNoCycle(fallbacks: Record<string, string[]>, field: Field): void {
  const done = new Set<string>();
  const chain: string[] = [];
  const visit = (model: string): void => {
    if (done.has(model)) return;
    chain.push(model);
    (fallbacks[model] ?? []).forEach((target, index) => {
      const start = chain.indexOf(target);
      if (start !== -1) {
        const cycle = [...chain.slice(start), target].join(' -> ');
        failAt(childField(childField(field, model), index), `fallbacks form a cycle: ${cycle}`);
      }
      visit(target);
    });
    chain.pop();
    done.add(model);
  };
  for (const model of Object.keys(fallbacks)) visit(model);
}

/** `retry:` — attempts per request and the backoff between them. */
export function parseRetry(value: unknown, field: Field): RetryConfig {
  const section = readOptionalMapping(value, field, RETRY_KEYS);
  const at = (key: (typeof RETRY_KEYS)[number]) => childField(field, key);
  const initialBackoffMs =
    readInteger(section.initial_backoff_ms, at('initial_backoff_ms'), 0, MAX_TIMER_MS) ??
    DEFAULT_RETRY.initialBackoffMs;
  const maxBackoffMs =
    readInteger(section.max_backoff_ms, at('max_backoff_ms'), 0, MAX_TIMER_MS) ?? DEFAULT_RETRY.maxBackoffMs;
  if (maxBackoffMs < initialBackoffMs) {
    if (section.max_backoff_ms === null || section.max_backoff_ms === undefined) {
      failAt(at('initial_backoff_ms'), `must be at most max_backoff_ms (${maxBackoffMs} by default)`);
    }
    failAt(at('max_backoff_ms'), `must be at least initial_backoff_ms (${initialBackoffMs})`);
  }
  return {
    maxAttempts:
      readInteger(section.max_attempts, at('max_attempts'), 1, MAX_ATTEMPTS) ?? DEFAULT_RETRY.maxAttempts,
    initialBackoffMs,
    maxBackoffMs,
  };
}

/** `breaker:` — when a target (or one of its upstream keys) is skipped for a while. */
export function parseBreaker(value: unknown, field: Field): BreakerConfig {
  const section = readOptionalMapping(value, field, BREAKER_KEYS);
  const at = (key: (typeof BREAKER_KEYS)[number]) => childField(field, key);
  return {
    failureThreshold:
      readInteger(section.failure_threshold, at('failure_threshold'), 1, MAX_FAILURE_THRESHOLD) ??
      DEFAULT_BREAKER.failureThreshold,
    windowMs: readInteger(section.window_ms, at('window_ms'), 1, MAX_TIMER_MS) ?? DEFAULT_BREAKER.windowMs,
    cooldownMs:
      readInteger(section.cooldown_ms, at('cooldown_ms'), 1, MAX_TIMER_MS) ?? DEFAULT_BREAKER.cooldownMs,
  };
}
