/** One number with its label (Requests, Cost, Error rate); `loading` keeps the tile's height. */
export function StatTile({
  label,
  value,
  hint,
  loading,
}: {
  label: string;
  value: string;
  hint?: string;
  loading?: boolean;
}) {
  return (
    <div className="stat-tile">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{loading ? <span className="skeleton skeleton-wide" /> : value}</span>
      {hint && <span className="stat-hint muted">{hint}</span>}
    </div>
  );
}
