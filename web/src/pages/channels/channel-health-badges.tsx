import { useI18n } from '../../i18n/i18n';
import type { BreakerState, ChannelHealth, ChannelHealthStatus } from './channel-types';

const STATUS_TONE: Record<ChannelHealthStatus, string> = {
  healthy: 'success',
  degraded: 'warning',
  down: 'danger',
  disabled: '',
  unknown: '',
};

const BREAKER_TONE: Record<BreakerState, string> = {
  closed: 'success',
  half_open: 'warning',
  open: 'danger',
};

const STATUS_LABEL = {
  healthy: 'channels.health.healthy',
  degraded: 'channels.health.degraded',
  down: 'channels.health.down',
  disabled: 'channels.health.disabled',
  unknown: 'channels.health.unknown',
} as const;

const BREAKER_LABEL = {
  closed: 'channels.breaker.closed',
  half_open: 'channels.breaker.half_open',
  open: 'channels.breaker.open',
} as const;

export function HealthStatusBadge({ status }: { status: ChannelHealthStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${STATUS_TONE[status]}`} data-testid="channel-health-status" data-status={status}>
      {t(STATUS_LABEL[status])}
    </span>
  );
}

export function BreakerBadge({ state, label }: { state: BreakerState; label?: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${BREAKER_TONE[state]}`} data-breaker={state} title={t(BREAKER_LABEL[state])}>
      {label ? `${label}: ` : ''}
      {t(BREAKER_LABEL[state])}
    </span>
  );
}

/** Breakers of the channel's targets in a list cell: one badge per state with its count. */
export function BreakerSummary({ health }: { health: ChannelHealth }) {
  const { t, format } = useI18n();
  if (health.targets.length === 0) return <span className="muted">—</span>;
  const counts = new Map<BreakerState, number>();
  for (const target of health.targets) counts.set(target.breaker, (counts.get(target.breaker) ?? 0) + 1);
  return (
    <span className="row nowrap" data-testid="channel-breakers">
      {(['open', 'half_open', 'closed'] as const)
        .filter((state) => counts.has(state))
        .map((state) => (
          <span
            key={state}
            className={`badge ${BREAKER_TONE[state]}`}
            data-breaker={state}
            title={t('channels.breakerCount', {
              count: counts.get(state) ?? 0,
              state: t(BREAKER_LABEL[state]),
            })}
          >
            {t('channels.breakerShort', {
              count: format.number(counts.get(state) ?? 0),
              state: t(BREAKER_LABEL[state]),
            })}
          </span>
        ))}
    </span>
  );
}

/** Only what needs attention: keys an upstream refused (disabled) or cooling down, or unreadable keys. */
export function KeyStateBadges({ health, keyCount }: { health: ChannelHealth; keyCount: number | null }) {
  const { t, format } = useI18n();
  if (keyCount === null) return <span className="badge danger">{t('channels.keys.unreadable')}</span>;
  const disabled = health.keys.filter((key) => key.disabled_at !== null).length;
  const cooling = health.keys.filter((key) => key.cooling_until !== null).length;
  return (
    <>
      {disabled > 0 && (
        <span className="badge danger" data-testid="channel-keys-disabled">
          {t('channels.keys.disabledCount', { count: format.number(disabled) })}
        </span>
      )}
      {cooling > 0 && (
        <span className="badge warning" data-testid="channel-keys-cooling">
          {t('channels.keys.coolingCount', { count: format.number(cooling) })}
        </span>
      )}
    </>
  );
}
