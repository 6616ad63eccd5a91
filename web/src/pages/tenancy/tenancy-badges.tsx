import { useI18n } from '../../i18n/i18n';
import type { LimitsView, RowSource } from './tenancy-types';

const STATUS_CLASS: Record<string, string> = {
  active: 'success',
  disabled: 'warning',
  expired: 'danger',
  revoked: 'danger',
  deleted: 'danger',
};

export type TenancyStatus = 'active' | 'disabled' | 'expired' | 'revoked' | 'deleted';

export function StatusBadge({ status }: { status: TenancyStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${STATUS_CLASS[status] ?? ''}`} data-testid="status-badge" data-status={status}>
      {t(`tenancy.status.${status}`)}
    </span>
  );
}

/** Rows defined in the YAML config: read-only here. */
export function SourceBadge({ source }: { source: RowSource }) {
  const { t } = useI18n();
  if (source !== 'config') return null;
  return (
    <span className="badge info" title={t('tenancy.configHint')} data-testid="config-badge">
      {t('tenancy.fromConfig')}
    </span>
  );
}

/** "RPM 60 · TPM — · ∥ 4" in one short line, "—" when nothing is limited. */
export function LimitsText({ limits }: { limits: LimitsView }) {
  const { t, format } = useI18n();
  const parts: string[] = [];
  if (limits.rpm !== null) parts.push(`${t('tenancy.rpm')} ${format.number(limits.rpm, 0)}`);
  if (limits.tpm !== null) parts.push(`${t('tenancy.tpm')} ${format.compact(limits.tpm)}`);
  if (limits.concurrency !== null)
    parts.push(`${t('tenancy.concurrencyShort')} ${format.number(limits.concurrency, 0)}`);
  return <span className={parts.length === 0 ? 'muted' : undefined}>{parts.join(' · ') || '—'}</span>;
}

export function ModelsText({ models }: { models: readonly string[] | null }) {
  const { t } = useI18n();
  if (models === null) return <span className="muted">{t('tenancy.allModels')}</span>;
  const shown = models.slice(0, 2).join(', ');
  return (
    <span title={models.join(', ')} className="mono">
      {models.length > 2 ? t('tenancy.modelsMore', { models: shown, count: models.length - 2 }) : shown}
    </span>
  );
}

/** A budget period as words: "Monthly", "Rolling 5 hours". */
export function usePeriodLabel(): (period: string) => string {
  const { t } = useI18n();
  return (period) => {
    const rolling = /^rolling_(\d+)([hd])$/.exec(period);
    if (rolling)
      return t(rolling[2] === 'h' ? 'tenancy.rollingHoursLabel' : 'tenancy.rollingDaysLabel', {
        count: rolling[1] ?? '',
      });
    if (period === 'none' || period === 'daily' || period === 'weekly' || period === 'monthly') {
      return t(`tenancy.period.${period}`);
    }
    return period;
  };
}
