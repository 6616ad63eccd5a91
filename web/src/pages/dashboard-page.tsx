import { useMemo } from 'react';
import { useQueryParam } from '../app/router';
import { ErrorBanner } from '../components/error-banner';
import { CheckboxField } from '../components/form-field';
import { PageHeader } from '../components/page-header';
import { StatTile } from '../components/stat-tile';
import { useI18n } from '../i18n/i18n';
import { DashboardCharts } from './dashboard/dashboard-charts';
import { RangePicker } from './dashboard/range-picker';
import { useDashboardData } from './dashboard/use-dashboard-data';
import { findRange, type RangeId } from './logs/time-ranges';

const REFRESH_MS = 10_000;

/**
 * Dashboard: totals over the chosen range (exact percentiles from one whole-range summary row), charts
 * per bucket, and the top models, keys and teams by cost. Auto-refresh re-reads in place: the previous
 * numbers stay on screen until the new ones arrive, so nothing jumps.
 */
export function DashboardPage() {
  const { t, format } = useI18n();
  const [rangeParam, setRange] = useQueryParam('range');
  const [autoParam, setAuto] = useQueryParam('auto');
  const range: RangeId = findRange(rangeParam)?.id ?? '24h';
  const auto = autoParam !== 'off';
  const { data, error, loading, reload } = useDashboardData(range, auto ? REFRESH_MS : undefined);
  const totals = data?.totals;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the time the current data arrived.
  const loadedAt = useMemo(() => Date.now(), [data]);
  const pending = data === undefined;
  const none = t('dashboard.none');
  const ms = (value: number | null | undefined) => (value == null ? none : format.duration(value));
  const tokens = totals ? totals.prompt_tokens + totals.completion_tokens : 0;

  const tiles = [
    { id: 'requests', label: t('dashboard.tile.requests'), value: format.number(totals?.requests ?? 0) },
    {
      id: 'tokens',
      label: t('dashboard.tile.tokens'),
      value: format.number(tokens),
      hint: totals
        ? t('dashboard.tile.tokensHint', {
            prompt: format.compact(totals.prompt_tokens),
            completion: format.compact(totals.completion_tokens),
          })
        : undefined,
    },
    {
      id: 'cost',
      label: t('dashboard.tile.cost'),
      value: format.money((totals?.cost_micros ?? 0) / 1_000_000),
    },
    {
      id: 'error-rate',
      label: t('dashboard.tile.errorRate'),
      value: format.percent(totals?.error_rate ?? 0),
      hint: totals ? t('dashboard.tile.errorsHint', { errors: format.number(totals.errors) }) : undefined,
    },
    { id: 'latency-p50', label: t('dashboard.tile.latencyP50'), value: ms(totals?.latency_p50_ms) },
    { id: 'latency-p99', label: t('dashboard.tile.latencyP99'), value: ms(totals?.latency_p99_ms) },
    { id: 'ttft-p50', label: t('dashboard.tile.ttftP50'), value: ms(totals?.ttft_p50_ms) },
    { id: 'ttft-p99', label: t('dashboard.tile.ttftP99'), value: ms(totals?.ttft_p99_ms) },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.dashboard')}
        description={t('page.dashboard.description')}
        actions={
          <>
            <RangePicker value={range} onChange={(next) => setRange(next === '24h' ? null : next)} />
            <div data-testid="dashboard-auto-refresh">
              <CheckboxField
                label={t('dashboard.autoRefresh')}
                checked={auto}
                onChecked={(checked) => setAuto(checked ? null : 'off')}
              />
            </div>
            <button
              type="button"
              className="button small"
              onClick={reload}
              disabled={loading}
              data-testid="dashboard-refresh"
            >
              {t('common.refresh')}
            </button>
          </>
        }
      />
      <ErrorBanner error={error} onRetry={reload} />
      <div className="grid grid-4 dashboard-tiles" data-testid="dashboard-tiles" aria-busy={pending}>
        {tiles.map((tile) => (
          <div
            key={tile.id}
            data-testid={`dashboard-tile-${tile.id}`}
            data-value={pending ? undefined : tile.value}
          >
            <StatTile label={tile.label} value={tile.value} hint={tile.hint} loading={pending} />
          </div>
        ))}
      </div>
      {/* Always one line high, so the empty note or the update time never moves the charts. */}
      <p className="dashboard-status muted" data-testid="dashboard-status" aria-live="polite">
        {pending ? (
          t('common.loading')
        ) : totals?.requests ? (
          t('dashboard.updatedAt', { time: format.dateTime(loadedAt) })
        ) : (
          <span data-testid="dashboard-empty">
            <strong>{t('dashboard.empty.title')}</strong> {t('dashboard.empty.hint')}
          </span>
        )}
      </p>
      <DashboardCharts data={data} daily={range === '30d'} />
    </>
  );
}
