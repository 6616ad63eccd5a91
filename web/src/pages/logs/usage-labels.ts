import type { I18n, MessageKey } from '../../i18n/i18n';
import type { USAGE_STATUSES } from './usage-types';

const STATUS_KEYS: Record<(typeof USAGE_STATUSES)[number], MessageKey> = {
  ok: 'logs.status.ok',
  invalid_request: 'logs.status.invalid_request',
  not_found: 'logs.status.not_found',
  upstream_error: 'logs.status.upstream_error',
  timeout: 'logs.status.timeout',
  cancelled: 'logs.status.cancelled',
  rate_limited: 'logs.status.rate_limited',
  quota_exceeded: 'logs.status.quota_exceeded',
  error: 'logs.status.error',
};

const SOURCE_KEYS: Record<string, MessageKey> = {
  upstream: 'logs.usageSource.upstream',
  estimated: 'logs.usageSource.estimated',
  none: 'logs.usageSource.none',
};

/** The message key of a usage record's status, or null for a value this console does not know yet. */
export function usageStatusKey(status: string): MessageKey | null {
  return Object.hasOwn(STATUS_KEYS, status) ? STATUS_KEYS[status as keyof typeof STATUS_KEYS] : null;
}

/** The message key of a record's `usage_source`, or null for an unknown value. */
export function usageSourceKey(source: string): MessageKey | null {
  return Object.hasOwn(SOURCE_KEYS, source) ? (SOURCE_KEYS[source] ?? null) : null;
}

/** The status in the current language; a newer server's unknown value is shown as sent rather than hidden. */
export function usageStatusText(t: I18n['t'], status: string): string {
  const key = usageStatusKey(status);
  return key ? t(key) : status;
}

export function usageSourceText(t: I18n['t'], source: string): string {
  const key = usageSourceKey(source);
  return key ? t(key) : source;
}
