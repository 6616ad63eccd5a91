import { useMemo, useState } from 'react';
import type { ListResponse } from '../api/client';
import { useApi, useApiQuery } from '../api/use-api';
import { useRole, useSession } from '../app/session';
import { type Column, DataTable } from '../components/data-table';
import { EmptyState } from '../components/empty-state';
import { ErrorBanner } from '../components/error-banner';
import { ConfirmDialog } from '../components/modal';
import { PageHeader } from '../components/page-header';
import { useToast } from '../components/toast';
import { useI18n } from '../i18n/i18n';
import { BreakerBadge } from './channels/channel-health-badges';
import type { ModelView, PriceView } from './models/model-types';
import { PriceDialog } from './models/price-dialog';

type Dialog = { kind: 'price' | 'delete'; model: ModelView } | null;

/**
 * Models & prices: every public model with its routes (channel, upstream model, priority/weight, breaker),
 * fallbacks and price per million tokens. Prices set here are the API's; the YAML's are read-only.
 * Prices for models no channel serves (yet) are listed too, so they can be found and removed.
 */
export function ModelsPage() {
  const { t, format } = useI18n();
  const { canWrite } = useRole();
  const { settings } = useSession();
  const api = useApi();
  const toast = useToast();
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);

  const models = useApiQuery(
    (client, signal) => client.get<ListResponse<ModelView>>('/admin/models', undefined, signal),
    [],
  );
  const prices = useApiQuery(
    (client, signal) => client.get<ListResponse<PriceView>>('/admin/prices', undefined, signal),
    [],
  );
  const reload = () => {
    models.reload();
    prices.reload();
  };

  const rows = useMemo(() => {
    if (!models.data) return undefined;
    const served = new Set(models.data.data.map((model) => model.id));
    const unrouted: ModelView[] = (prices.data?.data ?? [])
      .filter((price) => !served.has(price.model))
      .map((price) => ({ id: price.model, owned_by: '', routes: [], fallbacks: [], price }));
    const all = [...models.data.data, ...unrouted];
    const needle = filter.trim().toLowerCase();
    return needle ? all.filter((model) => model.id.toLowerCase().includes(needle)) : all;
  }, [models.data, prices.data, filter]);

  const readOnlyHint = canWrite ? undefined : t('role.readOnlyHint');
  const money = (value: string | undefined) => (value === undefined ? '—' : format.money(Number(value)));

  const removePrice = async (model: ModelView) => {
    setBusy(true);
    try {
      await api.delete(`/admin/prices/${encodeURIComponent(model.id)}`);
      toast.success(t('models.price.deleted', { model: model.id }));
      setDialog(null);
      reload();
    } catch (error) {
      toast.error(error as Error);
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<ModelView>[] = [
    {
      key: 'model',
      header: t('models.col.model'),
      render: (model) => (
        <span className="mono" data-testid="model-id">
          {model.id}
        </span>
      ),
    },
    {
      key: 'routes',
      header: t('models.col.routes'),
      render: (model) =>
        model.routes.length === 0 ? (
          <span className="badge warning">{t('models.noRoutes')}</span>
        ) : (
          <ul className="plain-list route-list">
            {model.routes.map((route) => (
              <li
                key={`${route.channel}/${route.upstream_model}`}
                className="cell-stack"
                data-testid="model-route"
              >
                <span className="row nowrap">
                  <strong>{route.channel}</strong>
                  <BreakerBadge state={route.breaker} />
                </span>
                <span className="cell-sub">
                  {route.provider} ·{' '}
                  <span className="mono" title={t('models.upstreamModel')}>
                    {route.upstream_model}
                  </span>{' '}
                  ·{' '}
                  <span title={t('channels.col.priorityWeight')}>
                    {t('models.priorityWeight', {
                      priority: format.number(route.priority),
                      weight: format.number(route.weight),
                    })}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        ),
    },
    {
      key: 'fallbacks',
      header: t('models.col.fallbacks'),
      render: (model) =>
        model.fallbacks.length === 0 ? '—' : <span className="mono">{model.fallbacks.join(' → ')}</span>,
    },
    {
      key: 'input',
      header: t('models.col.input'),
      align: 'right',
      render: (model) => <span data-testid="model-price-input">{money(model.price?.input)}</span>,
    },
    {
      key: 'cached',
      header: t('models.col.cachedInput'),
      align: 'right',
      render: (model) => money(model.price?.cached_input),
    },
    {
      key: 'output',
      header: t('models.col.output'),
      align: 'right',
      render: (model) => <span data-testid="model-price-output">{money(model.price?.output)}</span>,
    },
    {
      key: 'actions',
      header: t('common.actions'),
      align: 'right',
      render: (model) => {
        const fromConfig = model.price?.source === 'config';
        const hint = readOnlyHint ?? (fromConfig ? t('models.price.configHint') : undefined);
        return (
          <span className="row nowrap row-actions">
            {fromConfig && (
              <span className="badge info" title={t('models.price.configHint')}>
                {t('channels.source.config')}
              </span>
            )}
            <button
              type="button"
              className="button small"
              disabled={!canWrite || fromConfig}
              title={hint}
              onClick={() => setDialog({ kind: 'price', model })}
              data-testid="model-set-price"
            >
              {model.price ? t('models.price.edit') : t('models.price.set')}
            </button>
            {model.price && (
              <button
                type="button"
                className="button small danger-text"
                disabled={!canWrite || fromConfig}
                title={hint}
                onClick={() => setDialog({ kind: 'delete', model })}
                data-testid="model-delete-price"
              >
                {t('common.delete')}
              </button>
            )}
          </span>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.models')}
        description={t('page.models.description')}
        actions={
          <button type="button" className="button" onClick={reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <div className="toolbar">
        <label className="search-box">
          <span className="visually-hidden">{t('models.search')}</span>
          <input
            type="search"
            placeholder={t('models.search')}
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            data-testid="model-search"
          />
        </label>
        <span className="muted">{t('models.pricesPer', { currency: settings.currency })}</span>
      </div>
      <ErrorBanner error={models.error ?? prices.error} onRetry={reload} />
      <div className="compact-table" data-testid="models-table">
        <DataTable
          columns={columns}
          rows={rows ?? (models.error ? [] : undefined)}
          rowKey={(model) => model.id}
          caption={t('nav.models')}
          empty={
            <EmptyState
              title={filter ? t('models.emptySearch') : t('models.empty')}
              hint={t('models.emptyHint')}
            />
          }
        />
      </div>

      {dialog?.kind === 'price' && (
        <PriceDialog
          model={dialog.model.id}
          price={dialog.model.price}
          currency={settings.currency}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            reload();
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('models.price.deleteTitle', { model: dialog.model.id })}
          message={t('models.price.deleteMessage')}
          confirmLabel={t('common.delete')}
          danger
          busy={busy}
          onConfirm={() => removePrice(dialog.model)}
          onCancel={() => setDialog(null)}
        />
      )}
    </>
  );
}
