import type { Column } from '../../components/data-table';
import type { I18n } from '../../i18n/i18n';
import { BreakerSummary, HealthStatusBadge, KeyStateBadges } from './channel-health-badges';
import type { ChannelView } from './channel-types';

export interface ChannelRowActions {
  canWrite: boolean;
  /** The channel whose enable/disable is in flight. */
  busyId: string | null;
  open(channel: ChannelView): void;
  test(channel: ChannelView): void;
  edit(channel: ChannelView): void;
  setDisabled(channel: ChannelView, disabled: boolean): void;
}

/**
 * The channel list's columns, sized for a laptop screen: provider and base URL under the name, error
 * rate over the latency percentiles; delete lives in the channel's details.
 */
export function channelColumns({ t, format }: I18n, actions: ChannelRowActions): Column<ChannelView>[] {
  const readOnlyHint = actions.canWrite ? undefined : t('role.readOnlyHint');
  const configHint = t('channels.source.configHint');
  const ms = (value: number | null | undefined) =>
    value === null || value === undefined ? '—' : format.duration(value);
  return [
    {
      key: 'name',
      header: t('channels.col.name'),
      render: (channel) => (
        <div className="cell-stack">
          <span className="row nowrap">
            <button
              type="button"
              className="link-button"
              onClick={() => actions.open(channel)}
              data-testid="channel-name-link"
            >
              {channel.name}
            </button>
            {channel.source === 'config' && (
              <span className="badge info" title={configHint} data-testid="channel-config-badge">
                {t('channels.source.config')}
              </span>
            )}
          </span>
          <span className="cell-sub truncate" title={`${channel.provider} · ${channel.base_url}`}>
            <span data-testid="channel-provider">{channel.provider}</span> · {channel.base_url}
          </span>
        </div>
      ),
    },
    {
      key: 'models',
      header: t('channels.col.models'),
      align: 'right',
      render: (channel) => (
        <span title={channel.models.join(', ')}>{format.number(channel.models.length)}</span>
      ),
    },
    {
      key: 'priority',
      header: t('channels.col.priorityWeight'),
      align: 'right',
      render: (channel) => (
        <span data-testid="channel-priority-weight">
          {format.number(channel.priority)} / {format.number(channel.weight)}
        </span>
      ),
    },
    {
      key: 'status',
      header: t('channels.col.status'),
      render: (channel) => {
        const isConfig = channel.source === 'config';
        const active = channel.status === 'active';
        return (
          <span className="row nowrap">
            <span className={`badge ${active ? 'success' : ''}`} data-testid="channel-status">
              {t(active ? 'channels.status.active' : 'channels.status.disabled')}
            </span>
            {!isConfig && (
              <button
                type="button"
                className="button small"
                disabled={!actions.canWrite || actions.busyId === channel.id}
                title={readOnlyHint}
                onClick={() => actions.setDisabled(channel, active)}
                data-testid="channel-toggle"
              >
                {active ? t('common.disable') : t('common.enable')}
              </button>
            )}
          </span>
        );
      },
    },
    {
      key: 'health',
      header: t('channels.col.health'),
      render: (channel) =>
        channel.health ? (
          <span className="row nowrap">
            <HealthStatusBadge status={channel.health.status} />
            <BreakerSummary health={channel.health} />
            <KeyStateBadges health={channel.health} keyCount={channel.key_count} />
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'recent',
      header: t('channels.col.recent'),
      align: 'right',
      render: (channel) => {
        const recent = channel.health?.recent;
        const rate = recent?.error_rate;
        return (
          <div className="cell-stack">
            <span data-testid="channel-error-rate" title={t('channels.col.errorRate')}>
              {rate === null || rate === undefined ? '—' : format.percent(rate)}
            </span>
            <span className="cell-sub" data-testid="channel-latency" title={t('channels.col.latency')}>
              {ms(recent?.latency_p50_ms)} / {ms(recent?.latency_p99_ms)}
            </span>
          </div>
        );
      },
    },
    {
      key: 'actions',
      header: t('common.actions'),
      align: 'right',
      render: (channel) => {
        const isConfig = channel.source === 'config';
        return (
          <span className="row nowrap row-actions">
            <button
              type="button"
              className="button small"
              disabled={!actions.canWrite}
              title={readOnlyHint}
              onClick={() => actions.test(channel)}
              data-testid="channel-test"
            >
              {t('channels.test.button')}
            </button>
            <button
              type="button"
              className="button small"
              disabled={!actions.canWrite || isConfig}
              title={readOnlyHint ?? (isConfig ? configHint : undefined)}
              onClick={() => actions.edit(channel)}
              data-testid="channel-edit"
            >
              {t('common.edit')}
            </button>
          </span>
        );
      },
    },
  ];
}
