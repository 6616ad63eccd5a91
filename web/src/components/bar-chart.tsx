import { CHART_COLORS } from './line-chart';

export interface BarItem {
  label: string;
  value: number;
}

/**
 * Horizontal bars (top models, keys, teams by cost): HTML rather than SVG so long labels wrap and the
 * text stays selectable. Bars are relative to the largest value.
 */
export function BarChart({
  items,
  formatValue = (value) => String(value),
  label,
  color = CHART_COLORS[0],
  emptyLabel,
}: {
  items: readonly BarItem[];
  formatValue?(value: number): string;
  /** Accessible name of the list. */
  label: string;
  color?: string;
  emptyLabel?: string;
}) {
  const max = Math.max(0, ...items.map((item) => item.value));
  if (items.length === 0) return <p className="muted chart-empty-text">{emptyLabel}</p>;
  return (
    <ul className="bar-chart" aria-label={label}>
      {items.map((item) => (
        <li key={item.label} className="bar-row">
          <span className="bar-label" title={item.label}>
            {item.label}
          </span>
          <span className="bar-track" aria-hidden="true">
            <span
              className="bar-fill"
              style={{ width: `${max === 0 ? 0 : (item.value / max) * 100}%`, background: color }}
            />
          </span>
          <span className="bar-value">{formatValue(item.value)}</span>
        </li>
      ))}
    </ul>
  );
}
