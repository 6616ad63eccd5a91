import { useState } from 'react';
import type { ListResponse } from '../api/client';
import { useApi, useApiQuery } from '../api/use-api';
import { useQueryParam } from '../app/router';
import { useRole } from '../app/session';
import { type Column, DataTable } from '../components/data-table';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { ConfirmDialog } from '../components/modal';
import { PageHeader } from '../components/page-header';
import { Pagination, useCursorPaging } from '../components/pagination';
import { useToast } from '../components/toast';
import { useI18n } from '../i18n/i18n';
import { ChannelDetailsDialog } from './channels/channel-details-dialog';
import { ChannelFormDialog } from './channels/channel-form-dialog';
import { BreakerSummary, HealthStatusBadge, KeysSummary } from './channels/channel-health-badges';
import { ChannelTestDialog } from './channels/channel-test-dialog';
import type { ChannelView, ProviderView } from './channels/channel-types';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit' | 'test' | 'details' | 'delete'; channel: ChannelView }
  | null;

const PAGE_SIZE = 25;

/** Channels: upstreams with their live health; API-made ones can be edited, YAML ones are read-only. */
export function ChannelsPage() {
  const { t, format } = useI18n();
  const { canWrite } = useRole();
  const api = useApi();
  const toast = useToast();
  const paging = useCursorPaging();
  const [search, setSearch] = useQueryParam('search');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const channels = useApiQuery(
    (client, signal) =>
      client.get<ListResponse<ChannelView>>(
        '/admin/channels',
        { limit: PAGE_SIZE, cursor: paging.cursor, search },
        signal,
      ),
    [paging.cursor, search],
    { refreshMs: 15_000 },
  );
  const providers = useApiQuery(
    (client, signal) => client.get<ListResponse<ProviderView>>('/admin/providers', undefined, signal),
    [],
  );

  const readOnlyHint = canWrite ? undefined : t('role.readOnlyHint');
  const configHint = t('channels.source.configHint');

  const setDisabled = async (channel: ChannelView, disabled: boolean) => {
    setBusyId(channel.id);
    try {
      await api.post(`/admin/channels/${encodeURIComponent(channel.id)}/${disabled ? 'disable' : 'enable'}`);
      toast.success(t(disabled ? 'channels.disabledToast' : 'channels.enabledToast', { name: channel.name }));
      channels.reload();
    } catch (error) {
      toast.error(error as Error);
    } finally {
      setBusyId(null);
    }
  };

  const remove = async (channel: ChannelView) => {
    setBusyId(channel.id);
    try {
      await api.delete(`/admin/channels/${encodeURIComponent(channel.id)}`);
      toast.success(t('channels.deleted', { name: channel.name }));
      setDialog(null);
      channels.reload();
    } catch (error) {
      toast.error(error as Error);
    } finally {
      setBusyId(null);
    }
  };

  const columns: Column<ChannelView>[] = [
    {
      key: 'name',
      header: t('channels.col.name'),
      render: (channel) => (
        <span className="row nowrap">
          <button
            type="button"
            className="link-button"
            onClick={() => setDialog({ kind: 'details', channel })}
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
      ),
    },
    { key: 'provider', header: t('channels.col.provider'), render: (channel) => channel.provider },
    {
      key: 'base_url',
      header: t('channels.col.baseUrl'),
      render: (channel) => (
        <span className="mono truncate" title={channel.base_url}>
          {channel.base_url}
        </span>
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
      render: (channel) => `${format.number(channel.priority)} / ${format.number(channel.weight)}`,
    },
    {
      key: 'status',
      header: t('channels.col.status'),
      render: (channel) => (
        <span
          className={`badge ${channel.status === 'active' ? 'success' : ''}`}
          data-testid="channel-status"
        >
          {t(channel.status === 'active' ? 'channels.status.active' : 'channels.status.disabled')}
        </span>
      ),
    },
    {
      key: 'health',
      header: t('channels.col.health'),
      render: (channel) =>
        channel.health ? (
          <span className="row nowrap">
            <HealthStatusBadge status={channel.health.status} />
            <BreakerSummary health={channel.health} />
          </span>
        ) : (
          '—'
        ),
    },
    {
      key: 'error_rate',
      header: t('channels.col.errorRate'),
      align: 'right',
      render: (channel) => {
        const rate = channel.health?.recent?.error_rate;
        return (
          <span data-testid="channel-error-rate">
            {rate === null || rate === undefined ? '—' : format.percent(rate)}
          </span>
        );
      },
    },
    {
      key: 'latency',
      header: t('channels.col.latency'),
      align: 'right',
      render: (channel) => {
        const recent = channel.health?.recent;
        const show = (ms: number | null | undefined) =>
          ms === null || ms === undefined ? '—' : format.duration(ms);
        return (
          <span data-testid="channel-latency">
            {show(recent?.latency_p50_ms)} / {show(recent?.latency_p99_ms)}
          </span>
        );
      },
    },
    {
      key: 'keys',
      header: t('channels.col.keys'),
      render: (channel) => <KeysSummary health={channel.health} keyCount={channel.key_count} />,
    },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('common.actions')}</span>,
      align: 'right',
      render: (channel) => {
        const isConfig = channel.source === 'config';
        const busy = busyId === channel.id;
        return (
          <span className="row nowrap row-actions">
            <button
              type="button"
              className="button small"
              disabled={!canWrite}
              title={readOnlyHint}
              onClick={() => setDialog({ kind: 'test', channel })}
              data-testid="channel-test"
            >
              {t('channels.test.button')}
            </button>
            <button
              type="button"
              className="button small"
              disabled={!canWrite || isConfig}
              title={readOnlyHint ?? (isConfig ? configHint : undefined)}
              onClick={() => setDialog({ kind: 'edit', channel })}
              data-testid="channel-edit"
            >
              {t('common.edit')}
            </button>
            <button
              type="button"
              className="button small"
              disabled={!canWrite || isConfig || busy}
              title={readOnlyHint ?? (isConfig ? configHint : undefined)}
              onClick={() => setDisabled(channel, channel.status === 'active')}
              data-testid="channel-toggle"
            >
              {channel.status === 'active' ? t('common.disable') : t('common.enable')}
            </button>
            <button
              type="button"
              className="button small danger-text"
              disabled={!canWrite || isConfig || busy}
              title={readOnlyHint ?? (isConfig ? configHint : undefined)}
              onClick={() => setDialog({ kind: 'delete', channel })}
              data-testid="channel-delete"
            >
              {t('common.delete')}
            </button>
          </span>
        );
      },
    },
  ];

  const onSaved = () => {
    setDialog(null);
    channels.reload();
  };

  return (
    <>
      <PageHeader
        title={t('nav.channels')}
        description={t('page.channels.description')}
        actions={
          <>
            <button type="button" className="button" onClick={channels.reload}>
              {t('common.refresh')}
            </button>
            <button
              type="button"
              className="button primary"
              disabled={!canWrite || !providers.data}
              title={readOnlyHint}
              onClick={() => setDialog({ kind: 'create' })}
              data-testid="channel-create"
            >
              {t('channels.create')}
            </button>
          </>
        }
      />
      <div className="toolbar">
        <label className="search-box">
          <span className="visually-hidden">{t('channels.search')}</span>
          <input
            type="search"
            placeholder={t('channels.search')}
            value={search ?? ''}
            onChange={(event) => {
              paging.reset();
              setSearch(event.target.value);
            }}
            data-testid="channel-search"
          />
        </label>
      </div>
      <ErrorBanner error={channels.error ?? providers.error} onRetry={channels.reload} />
      <div data-testid="channels-table">
        <DataTable
          columns={columns}
          rows={channels.data?.data ?? (channels.error ? [] : undefined)}
          rowKey={(channel) => channel.id}
          caption={t('nav.channels')}
          empty={
            <EmptyState
              title={search ? t('channels.emptySearch') : t('channels.empty')}
              hint={search ? undefined : t('channels.emptyHint')}
            />
          }
        />
      </div>
      <Pagination paging={paging} nextCursor={channels.data?.next_cursor} />

      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <ChannelFormDialog
          channel={dialog.kind === 'edit' ? dialog.channel : null}
          providers={providers.data?.data ?? []}
          onClose={() => setDialog(null)}
          onSaved={onSaved}
        />
      )}
      {dialog?.kind === 'test' && (
        <ChannelTestDialog
          channel={dialog.channel}
          onClose={() => {
            setDialog(null);
            channels.reload();
          }}
        />
      )}
      {dialog?.kind === 'details' && (
        <ChannelDetailsDialog
          channel={dialog.channel}
          onClose={() => setDialog(null)}
          onChanged={(channel) => {
            setDialog({ kind: 'details', channel });
            channels.reload();
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('channels.deleteTitle', { name: dialog.channel.name })}
          message={t('channels.deleteMessage')}
          confirmLabel={t('common.delete')}
          danger
          busy={busyId === dialog.channel.id}
          onConfirm={() => remove(dialog.channel)}
          onCancel={() => setDialog(null)}
        />
      )}
    </>
  );
}
