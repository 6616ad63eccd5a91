import { BarChart } from '../../components/bar-chart';
import { CHART_COLORS, type ChartPoint, LineChart, type LineSeries } from '../../components/line-chart';
import { useI18n } from '../../i18n/i18n';
import type { UsageSummaryRow } from './usage-summary-types';
import type { DashboardData, RankedGroup } from './use-dashboard-data';

const CHART_HEIGHT = 180;

/** The five time-series charts and the three "top by cost" lists. */
export function DashboardCharts({ data, daily }: { data: DashboardData | undefined; daily: boolean }) {
  const { t, format } = useI18n();
  // No traffic: no lines at all (a flat zero line reads as data), so each chart says the range is empty.
  const rows = data?.totals?.requests ? data.series : [];
  // Buckets start at UTC midnight / the UTC hour: label them in UTC, and say so, or in UTC−5 the
  // 2026-11-30T00:00Z day would read "Nov 29".
  const formatX = (x: number) =>
    daily ? t('common.utcAxis', { label: format.utcDate(x) }) : format.utcDateTime(x);
  const count = (value: number) => format.compact(value);
  const ms = (value: number) => format.duration(value);
  const line = (name: string, pick: (row: UsageSummaryRow) => number | null, color?: string) =>
    ({ name, points: toPoints(rows, pick), color }) satisfies LineSeries;
  const empty = data ? t('dashboard.noData') : t('common.loading');

  const charts = [
    {
      id: 'requests',
      title: t('dashboard.chart.requests'),
      series: [
        line(t('dashboard.series.requests'), (row) => row.requests),
        line(t('dashboard.series.errors'), (row) => row.errors, CHART_COLORS[4]),
      ],
      formatY: count,
    },
    {
      id: 'tokens',
      title: t('dashboard.chart.tokens'),
      series: [
        line(t('dashboard.series.promptTokens'), (row) => row.prompt_tokens),
        line(t('dashboard.series.completionTokens'), (row) => row.completion_tokens, CHART_COLORS[3]),
      ],
      formatY: count,
    },
    {
      id: 'cost',
      title: t('dashboard.chart.cost'),
      series: [line(t('dashboard.series.cost'), (row) => row.cost_micros / 1_000_000, CHART_COLORS[2])],
      formatY: (value: number) => format.money(value),
    },
    {
      id: 'latency',
      title: t('dashboard.chart.latency'),
      series: [
        line(t('dashboard.series.p50'), (row) => row.latency_p50_ms),
        line(t('dashboard.series.p99'), (row) => row.latency_p99_ms, CHART_COLORS[5]),
      ],
      formatY: ms,
    },
    {
      id: 'ttft',
      title: t('dashboard.chart.ttft'),
      series: [
        line(t('dashboard.series.p50'), (row) => row.ttft_p50_ms, CHART_COLORS[1]),
        line(t('dashboard.series.p99'), (row) => row.ttft_p99_ms, CHART_COLORS[5]),
      ],
      formatY: ms,
    },
  ];

  return (
    <>
      <div className="grid grid-2 dashboard-charts">
        {charts.map((chart) => (
          <section key={chart.id} className="card" data-testid={`dashboard-chart-${chart.id}`}>
            <h2 className="card-header">{chart.title}</h2>
            <LineChart
              series={chart.series}
              height={CHART_HEIGHT}
              formatX={formatX}
              formatY={chart.formatY}
              label={chart.title}
              emptyLabel={empty}
            />
          </section>
        ))}
      </div>
      <div className="grid grid-3 dashboard-top">
        <TopList
          testId="dashboard-top-models"
          title={t('dashboard.top.models')}
          items={data?.topModels}
          unnamed={t('dashboard.top.unknown')}
        />
        <TopList
          testId="dashboard-top-keys"
          title={t('dashboard.top.keys')}
          items={data?.topKeys}
          unnamed={t('dashboard.top.noKey')}
        />
        <TopList
          testId="dashboard-top-teams"
          title={t('dashboard.top.teams')}
          items={data?.topTeams}
          unnamed={t('dashboard.top.noTeam')}
        />
      </div>
    </>
  );
}

function TopList({
  testId,
  title,
  items,
  unnamed,
}: {
  testId: string;
  title: string;
  items: RankedGroup[] | undefined;
  unnamed: string;
}) {
  const { t, format } = useI18n();
  return (
    <section className="card top-list" data-testid={testId}>
      <h2 className="card-header">{title}</h2>
      {items === undefined ? (
        <p className="muted chart-empty-text">{t('common.loading')}</p>
      ) : (
        <BarChart
          label={title}
          items={items.map((item) => ({
            label: item.id === null ? unnamed : item.name,
            value: item.costMicros,
          }))}
          formatValue={(micros) => format.money(micros / 1_000_000)}
          emptyLabel={t('dashboard.noData')}
        />
      )}
    </section>
  );
}

/** Null values (a bucket without requests has no latency) are left out, not drawn as zero. */
function toPoints(rows: UsageSummaryRow[], pick: (row: UsageSummaryRow) => number | null): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (const row of rows) {
    const y = pick(row);
    if (y !== null) points.push({ x: Date.parse(row.bucket_start), y });
  }
  return points;
}
