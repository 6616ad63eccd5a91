/** A usage record's status as a coloured badge (ok green, client mistakes amber, failures red). */
export function StatusBadge({ status }: { status: string }) {
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
  return <span className={`badge ${tone}`}>{status}</span>;
}
