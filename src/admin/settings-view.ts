import type { OptConfig } from '../config/config-types.js';

/** How often logged bodies past their team's or key's `retention_days` are deleted. */
export const BODY_PURGE_INTERVAL_MS = 3_600_000;

/**
 * What `GET /admin/settings` shows: the settings that shape billing, routing and retention, as configured
 * (they are set in the YAML and the environment, not through the API). Nothing secret is included: no key,
 * no connection string, only whether Redis and PostgreSQL are in use.
 */
export function toSettingsView(config: OptConfig) {
  return {
    object: 'settings',
    currency: config.billing.currency,
    config_file: config.sourcePath,
    storage: {
      database: config.databaseUrl ? 'postgresql' : 'sqlite',
      quotas: config.redisUrl ? 'redis' : 'memory',
    },
    billing: {
      reserve_max_tokens: config.billing.reserveMaxTokens,
      tpm_counts_cached_tokens: config.billing.tpmCountsCachedTokens,
    },
    retry: {
      max_attempts: config.retry.maxAttempts,
      initial_backoff_ms: config.retry.initialBackoffMs,
      max_backoff_ms: config.retry.maxBackoffMs,
    },
    breaker: {
      failure_threshold: config.breaker.failureThreshold,
      window_ms: config.breaker.windowMs,
      cooldown_ms: config.breaker.cooldownMs,
    },
    server: {
      body_limit_bytes: config.server.bodyLimitBytes,
      shutdown_grace_ms: config.server.shutdownGraceMs,
      trust_proxy: config.server.trustProxy,
    },
    retention: {
      // Prompt logging is opt-in per team or key; usage records and the ledger are never purged.
      prompt_logging_default: 'off',
      body_purge_interval_ms: BODY_PURGE_INTERVAL_MS,
    },
    metrics_protected: config.metricsToken !== null,
  };
}

export type SettingsView = ReturnType<typeof toSettingsView>;
