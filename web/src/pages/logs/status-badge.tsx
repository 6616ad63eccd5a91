import { useI18n } from '../../i18n/i18n';
import { usageStatusText } from './usage-labels';

/** A usage record's status as a coloured badge (ok green, client mistakes amber, failures red). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const tone =
    status === 'ok'
      ? 'success'
      : status === 'invalid_request' ||
          status === 'not_found' ||
          status === 'rate_limited' ||
          status === 'quota_exceeded' ||
          status === 'cancelled'
        ? 'warning'
        : 'danger';
  return (
    <span className={`badge ${tone}`} data-status={status}>
      {usageStatusText(t, status)}
    </span>
  );
}
