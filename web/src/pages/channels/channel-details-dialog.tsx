import { useState } from 'react';
import { useApi } from '../../api/use-api';
import { useRole } from '../../app/session';
import { Modal } from '../../components/modal';
import { useToast } from '../../components/toast';
import { useI18n } from '../../i18n/i18n';
import { BreakerBadge, HealthStatusBadge } from './channel-health-badges';
import type { ChannelView } from './channel-types';

/**
 * One channel's health in full: recent numbers, each target's breaker and each upstream key's state,
 * with Enable for a key an upstream refused (401/403) or one cooling down.
 */
export function ChannelDetailsDialog({
  channel,
  busy,
  onClose,
  onChanged,
  onTest,
  onEdit,
  onDelete,
  onSetDisabled,
}: {
  channel: ChannelView;
  /** An enable/disable of this channel is in flight. */
  busy: boolean;
  onClose(): void;
  onChanged(channel: ChannelView): void;
  onTest(): void;
  onEdit(): void;
  onDelete(): void;
  onSetDisabled(disabled: boolean): void;
}) {
  const { t, format } = useI18n();
  const { canWrite } = useRole();
  const api = useApi();
  const toast = useToast();
  const [busyKey, setBusyKey] = useState<number | null>(null);
  const health = channel.health;
  const recent = health?.recent ?? null;
  const isConfig = channel.source === 'config';
  const readOnlyHint = canWrite ? undefined : t('role.readOnlyHint');
  const apiOnlyHint = readOnlyHint ?? (isConfig ? t('channels.source.configHint') : undefined);
  const active = channel.status === 'active';

  const enableKey = async (index: number) => {
    setBusyKey(index);
    try {
      const updated = await api.post<ChannelView>(
        `/admin/channels/${encodeURIComponent(channel.id)}/keys/${index}/enable`,
      );
      toast.success(t('channels.keys.enabled', { index: index + 1 }));
      onChanged(updated);
    } catch (error) {
      toast.error(error as Error);
    } finally {
      setBusyKey(null);
    }
  };

  return (
    <Modal
      title={channel.name}
      onClose={onClose}
      size="large"
      footer={
        <>
          <button
            type="button"
            className="button danger-text"
            disabled={!canWrite || isConfig}
            title={apiOnlyHint}
            onClick={onDelete}
            data-testid="channel-delete"
          >
            {t('common.delete')}
          </button>
          <span className="spacer" />
          <button
            type="button"
            className="button"
            disabled={!canWrite || isConfig || busy}
            title={apiOnlyHint}
            onClick={() => onSetDisabled(active)}
            data-testid="channel-details-toggle"
          >
            {active ? t('common.disable') : t('common.enable')}
          </button>
          <button type="button" className="button" disabled={!canWrite} title={readOnlyHint} onClick={onTest}>
            {t('channels.test.button')}
          </button>
          <button
            type="button"
            className="button primary"
            disabled={!canWrite || isConfig}
            title={apiOnlyHint}
            onClick={onEdit}
          >
            {t('common.edit')}
          </button>
        </>
      }
    >
      <div className="form" data-testid="channel-details">
        <div className="row">
          {health && <HealthStatusBadge status={health.status} />}
          <span className={`badge ${active ? 'success' : ''}`}>
            {t(active ? 'channels.status.active' : 'channels.status.disabled')}
          </span>
          <span className="badge">{channel.provider}</span>
          {channel.source === 'config' && <span className="badge info">{t('channels.source.config')}</span>}
          <span className="mono muted">{channel.base_url}</span>
        </div>
        {channel.credentials_error && (
          <div className="error-banner" role="alert">
            <p>{channel.credentials_error}</p>
          </div>
        )}

        <section>
          <h3>{t('channels.details.recent')}</h3>
          {recent ? (
            <dl className="detail-list">
              <dt>{t('channels.details.window')}</dt>
              <dd>{format.duration(recent.window_ms)}</dd>
              <dt>{t('channels.details.requests')}</dt>
              <dd>{format.number(recent.requests)}</dd>
              <dt>{t('channels.details.errors')}</dt>
              <dd>{format.number(recent.errors)}</dd>
              <dt>{t('channels.col.errorRate')}</dt>
              <dd>{recent.error_rate === null ? '—' : format.percent(recent.error_rate)}</dd>
              <dt>{t('channels.details.latency')}</dt>
              <dd>
                {recent.latency_p50_ms === null ? '—' : format.duration(recent.latency_p50_ms)} /{' '}
                {recent.latency_p99_ms === null ? '—' : format.duration(recent.latency_p99_ms)}
              </dd>
            </dl>
          ) : (
            <p className="muted">{t('channels.details.noRecent')}</p>
          )}
        </section>

        <section>
          <h3>{t('channels.details.targets')}</h3>
          {health && health.targets.length > 0 ? (
            <ul className="plain-list">
              {health.targets.map((target) => (
                <li key={target.model} className="row">
                  <span className="mono">{target.model}</span>
                  <BreakerBadge state={target.breaker} />
                  {target.next_probe_at && (
                    <span className="muted">
                      {t('channels.details.nextProbe', { time: format.dateTime(target.next_probe_at) })}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('channels.details.noTargets')}</p>
          )}
        </section>

        <section>
          <h3>
            {t('channels.details.keys')}{' '}
            <span className="muted">
              (
              {channel.key_count === 1
                ? t('channels.keys.one')
                : t('channels.keys.count', { count: format.number(channel.key_count ?? 0) })}
              )
            </span>
          </h3>
          {health && health.keys.length > 0 ? (
            <ul className="plain-list" data-testid="channel-key-states">
              {health.keys.map((key) => {
                const out = key.disabled_at !== null || key.cooling_until !== null || key.breaker === 'open';
                return (
                  <li key={key.index} className="row" data-key-index={key.index}>
                    <span className="mono">{key.hint}</span>
                    {key.breaker && <BreakerBadge state={key.breaker} />}
                    {key.disabled_at && (
                      <span className="badge danger" title={key.disabled_reason ?? undefined}>
                        {t('channels.keys.disabledSince', { time: format.dateTime(key.disabled_at) })}
                      </span>
                    )}
                    {key.cooling_until && (
                      <span className="badge warning">
                        {t('channels.keys.coolingUntil', { time: format.dateTime(key.cooling_until) })}
                      </span>
                    )}
                    {key.disabled_reason && <span className="muted">{key.disabled_reason}</span>}
                    {out && (
                      <button
                        type="button"
                        className="button small"
                        disabled={!canWrite || busyKey !== null}
                        title={canWrite ? undefined : t('role.readOnlyHint')}
                        onClick={() => enableKey(key.index)}
                        data-testid={`channel-key-enable-${key.index}`}
                      >
                        {t('channels.keys.enable')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="muted">{t('channels.details.noKeys')}</p>
          )}
        </section>

        <section>
          <h3>{t('channels.details.config')}</h3>
          <dl className="detail-list">
            <dt>{t('channels.form.models')}</dt>
            <dd className="mono">{channel.models.join(', ')}</dd>
            <dt>{t('channels.form.modelMap')}</dt>
            <dd className="mono">
              {Object.keys(channel.model_map).length === 0
                ? '—'
                : Object.entries(channel.model_map)
                    .map(([from, to]) => `${from} → ${to}`)
                    .join(', ')}
            </dd>
            <dt>{t('channels.form.headers')}</dt>
            <dd className="mono">{channel.header_names?.length ? channel.header_names.join(', ') : '—'}</dd>
            {channel.api_version && (
              <>
                <dt>{t('channels.form.apiVersion')}</dt>
                <dd className="mono">{channel.api_version}</dd>
              </>
            )}
            <dt>{t('channels.form.timeouts')}</dt>
            <dd>
              {t('channels.details.timeoutsValue', {
                connect: format.duration(channel.timeouts.connect_ms),
                firstByte: format.duration(channel.timeouts.first_byte_ms),
                idle: format.duration(channel.timeouts.idle_ms),
                total: format.duration(channel.timeouts.total_ms),
              })}
            </dd>
            <dt>{t('channels.form.maxConnections')}</dt>
            <dd>{format.number(channel.max_connections)}</dd>
          </dl>
        </section>
      </div>
    </Modal>
  );
}
