import { useMemo } from 'react';
import { useApiQuery } from '../../api/use-api';
import { ErrorBanner } from '../../components/error-banner';
import { LineChart } from '../../components/line-chart';
import { StatTile } from '../../components/stat-tile';
import { useI18n } from '../../i18n/i18n';
import { MICROS, type OwnerKind, type UsageSummary } from './tenancy-types';

const DAY_MS = 86_400_000;
const DAYS = 30;

/**
 * Spend per day over the last 30 days of one key or team (`/admin/usage/summary`, grouped by the owner),
 * with the window's totals. Days without traffic are drawn as zero, so the line spans the whole window.
 */
export function SpendChart({ kind, id }: { kind: OwnerKind; id: string }) {
  const { t, format } = useI18n();
  // Whole UTC days, so the buckets (UTC days) line up with the x axis.
  const fromMs = useMemo(() => Math.floor(Date.now() / DAY_MS) * DAY_MS - (DAYS - 1) * DAY_MS, []);
  const summary = useApiQuery(
    (api, signal) =>
      api.get<UsageSummary>(
        '/admin/usage/summary',
        {
          [kind === 'key' ? 'key_id' : 'team_id']: id,
          group_by: kind,
          bucket: 'day',
          from: new Date(fromMs).toISOString(),
        },
        signal,
      ),
    [kind, id, fromMs],
  );
  const points = useMemo(() => {
    const byDay = new Map<number, number>();
    for (const row of summary.data?.data ?? []) {
      const day = Math.floor(Date.parse(row.bucket_start) / DAY_MS) * DAY_MS;
      byDay.set(day, (byDay.get(day) ?? 0) + row.cost_micros / MICROS);
    }
    return Array.from({ length: DAYS }, (_, index) => {
      const x = fromMs + index * DAY_MS;
      return { x, y: byDay.get(x) ?? 0 };
    });
  }, [summary.data, fromMs]);
  const totals = summary.data?.totals;
  // A failed read shows the banner and dashes, not skeletons that never end.
  const tilesLoading = !totals && !summary.error;
  const dash = (text: string) => (totals ? text : '—');

  return (
    <section className="card" aria-labelledby={`spend-${id}`} data-testid="spend-chart">
      <div className="card-header">
        <h2 id={`spend-${id}`}>{t('tenancy.spendTitle')}</h2>
        <span className="muted">{t('tenancy.last30Days')}</span>
      </div>
      <ErrorBanner error={summary.error} onRetry={summary.reload} />
      <div className="grid grid-3 tn-spend-totals">
        <StatTile
          label={t('tenancy.cost')}
          value={dash(format.money((totals?.cost_micros ?? 0) / MICROS))}
          loading={tilesLoading}
        />
        <StatTile
          label={t('tenancy.requests')}
          value={dash(format.number(totals?.requests ?? 0, 0))}
          loading={tilesLoading}
        />
        <StatTile
          label={t('tenancy.tokens')}
          value={dash(format.compact((totals?.prompt_tokens ?? 0) + (totals?.completion_tokens ?? 0)))}
          loading={tilesLoading}
        />
      </div>
      <LineChart
        label={t('tenancy.spendChartLabel')}
        series={[{ name: t('tenancy.cost'), points }]}
        height={200}
        formatX={(x) => t('common.utcAxis', { label: format.utcDate(x) })}
        formatY={(y) => format.money(y)}
        emptyLabel={t('tenancy.noSpend')}
      />
    </section>
  );
}
