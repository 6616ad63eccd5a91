import { type MouseEvent, useEffect, useId, useMemo, useRef, useState } from 'react';

export interface ChartPoint {
  /** Usually epoch ms. */
  x: number;
  y: number;
}

export interface LineSeries {
  name: string;
  points: readonly ChartPoint[];
  /** CSS colour; defaults cycle through the palette. */
  color?: string;
}

export const CHART_COLORS = ['#4f46e5', '#0ea5e9', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6'];

const PAD = { top: 12, right: 12, bottom: 24, left: 52 };

/**
 * A small SVG line chart (no library): scales to its container's width at a fixed `height`, so the
 * layout does not move when data arrives. Hovering shows the nearest
 * point's values (the legend reads them out). An empty series list draws the axes and `emptyLabel`.
 */
export function LineChart({
  series,
  height = 200,
  formatX = (x) => String(x),
  formatY = (y) => String(y),
  label,
  emptyLabel,
}: {
  series: readonly LineSeries[];
  height?: number;
  formatX?(x: number): string;
  formatY?(y: number): string;
  /** Accessible name of the chart. */
  label: string;
  emptyLabel?: string;
}) {
  const clipId = useId();
  const [hover, setHover] = useState<number | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const box = useRef<HTMLDivElement>(null);
  // Drawn at the container's real pixel width, so text and strokes are never stretched.
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const node = box.current;
    if (!node) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(200, Math.round(entry.contentRect.width)));
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  const { xs, minX, maxX, maxY } = useMemo(() => {
    const all = series.flatMap((line) => line.points);
    const xs = [...new Set(all.map((point) => point.x))].sort((a, b) => a - b);
    return {
      xs,
      minX: xs[0] ?? 0,
      maxX: xs[xs.length - 1] ?? 1,
      maxY: niceMax(Math.max(0, ...all.map((point) => point.y))),
    };
  }, [series]);

  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + (maxX === minX ? innerW / 2 : ((x - minX) / (maxX - minX)) * innerW);
  const sy = (y: number) => PAD.top + innerH - (maxY === 0 ? 0 : (y / maxY) * innerH);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((ratio) => ratio * maxY);
  const hoverX = hover === null ? null : xs[hover];

  const onMove = (event: MouseEvent<SVGSVGElement>) => {
    const rect = svg.current?.getBoundingClientRect();
    if (!rect || xs.length === 0) return;
    const x = ((event.clientX - rect.left) / rect.width) * width;
    let best = 0;
    for (let index = 1; index < xs.length; index++) {
      if (Math.abs(sx(xs[index]!) - x) < Math.abs(sx(xs[best]!) - x)) best = index;
    }
    setHover(best);
  };

  return (
    <div className="chart" ref={box}>
      <svg
        ref={svg}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        height={height}
        role="img"
        aria-label={label}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
      >
        <defs>
          <clipPath id={clipId}>
            <rect x={PAD.left} y={PAD.top - 2} width={innerW} height={innerH + 4} />
          </clipPath>
        </defs>
        {ticks.map((tick) => (
          <g key={tick}>
            <line className="chart-grid" x1={PAD.left} x2={width - PAD.right} y1={sy(tick)} y2={sy(tick)} />
            <text className="chart-label" x={PAD.left - 6} y={sy(tick) + 4} textAnchor="end">
              {formatY(tick)}
            </text>
          </g>
        ))}
        {xs.length > 0 && (
          <>
            <text className="chart-label" x={PAD.left} y={height - 6} textAnchor="start">
              {formatX(minX)}
            </text>
            <text className="chart-label" x={width - PAD.right} y={height - 6} textAnchor="end">
              {formatX(maxX)}
            </text>
          </>
        )}
        <g clipPath={`url(#${clipId})`}>
          {series.map((line, index) => (
            <polyline
              key={line.name}
              fill="none"
              stroke={line.color ?? CHART_COLORS[index % CHART_COLORS.length]}
              strokeWidth={2}
              vectorEffect="non-scaling-stroke"
              points={line.points.map((point) => `${sx(point.x)},${sy(point.y)}`).join(' ')}
            />
          ))}
          {/* A line of one point draws nothing: show it as a dot. */}
          {series.map((line, index) =>
            line.points.length === 1 ? (
              <circle
                key={`${line.name}-dot`}
                cx={sx(line.points[0]!.x)}
                cy={sy(line.points[0]!.y)}
                r={3.5}
                fill={line.color ?? CHART_COLORS[index % CHART_COLORS.length]}
              />
            ) : null,
          )}
        </g>
        {hoverX !== undefined && hoverX !== null && (
          <line className="chart-cursor" x1={sx(hoverX)} x2={sx(hoverX)} y1={PAD.top} y2={PAD.top + innerH} />
        )}
        {xs.length === 0 && emptyLabel && (
          <text className="chart-empty" x={width / 2} y={height / 2} textAnchor="middle">
            {emptyLabel}
          </text>
        )}
      </svg>
      <div className="chart-legend" aria-live="polite">
        {hoverX !== undefined && hoverX !== null && <span className="chart-legend-x">{formatX(hoverX)}</span>}
        {series.map((line, index) => {
          const value = hoverX == null ? undefined : line.points.find((point) => point.x === hoverX)?.y;
          return (
            <span key={line.name} className="chart-legend-item">
              <span
                className="chart-swatch"
                style={{ background: line.color ?? CHART_COLORS[index % CHART_COLORS.length] }}
              />
              {line.name}
              {value !== undefined && <strong> {formatY(value)}</strong>}
            </span>
          );
        })}
      </div>
    </div>
  );
}

/** A round upper bound for the y axis: 0.87 → 1, 1234 → 1500. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (value <= step * magnitude) return step * magnitude;
  }
  return 10 * magnitude;
}
