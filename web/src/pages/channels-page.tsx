import { useState } from 'react';
import type { ListResponse } from '../api/client';
import { useApi, useApiQuery } from '../api/use-api';
import { useQueryParam } from '../app/router';
import { useRole } from '../app/session';
import { DataTable } from '../components/data-table';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { ConfirmDialog } from '../components/modal';
import { PageHeader } from '../components/page-header';
import { Pagination, useCursorPaging } from '../components/pagination';
import { useToast } from '../components/toast';
import { useI18n } from '../i18n/i18n';
import { channelColumns } from './channels/channel-columns';
import { ChannelDetailsDialog } from './channels/channel-details-dialog';
import { ChannelFormDialog } from './channels/channel-form-dialog';
import { ChannelTestDialog } from './channels/channel-test-dialog';
import type { ChannelView, ProviderView } from './channels/channel-types';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit' | 'test' | 'details' | 'delete'; channel: ChannelView }
  | null;

const PAGE_SIZE = 25;

/** Channels: upstreams with their live health; API-made ones can be edited, YAML ones are read-only. */
export function ChannelsPage() {
  const i18n = useI18n();
  const { t } = i18n;
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

  const setDisabled = async (channel: ChannelView, disabled: boolean) => {
    setBusyId(channel.id);
    try {
      const updated = await api.post<ChannelView>(
        `/admin/channels/${encodeURIComponent(channel.id)}/${disabled ? 'disable' : 'enable'}`,
      );
      setDialog((current) => (current?.kind === 'details' ? { kind: 'details', channel: updated } : current));
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

  const columns = channelColumns(i18n, {
    canWrite,
    busyId,
    open: (channel) => setDialog({ kind: 'details', channel }),
    test: (channel) => setDialog({ kind: 'test', channel }),
    edit: (channel) => setDialog({ kind: 'edit', channel }),
    setDisabled,
  });

  // An open details dialog follows the list's auto-refresh (health changes under it).
  const latest = (channel: ChannelView) =>
    channels.data?.data.find((item) => item.id === channel.id) ?? channel;

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
      <div className="compact-table" data-testid="channels-table">
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
          channel={latest(dialog.channel)}
          busy={busyId === dialog.channel.id}
          onClose={() => setDialog(null)}
          onTest={() => setDialog({ kind: 'test', channel: dialog.channel })}
          onEdit={() => setDialog({ kind: 'edit', channel: dialog.channel })}
          onDelete={() => setDialog({ kind: 'delete', channel: dialog.channel })}
          onSetDisabled={(disabled) => setDisabled(dialog.channel, disabled)}
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
