/**
 * Text exposition format 0.0.4: escaping, number syntax and sample lines.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-format-details
 */

export type MetricType = 'counter' | 'gauge' | 'histogram';

export function labelPairs(names: readonly string[], values: readonly string[]): string {
  return names.map((name, i) => `${name}="${escapeLabelValue(values[i] ?? '')}"`).join(',');
}

export function braced(pairs: string): string {
  return pairs === '' ? '' : `{${pairs}}`;
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (char) => (char === '\\' ? '\\\\' : char === '"' ? '\\"' : '\\n'));
}

/** HELP text escapes backslash and line feed only. */
function escapeHelp(help: string): string {
  return help.replace(/[\\\n]/g, (char) => (char === '\\' ? '\\\\' : '\\n'));
}

/** Go's ParseFloat syntax: integers as is, `+Inf`, `-Inf`, `NaN`. */
export function formatValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return Number.isNaN(value) ? 'NaN' : String(value);
}

export function renderHeader(lines: string[], name: string, help: string, type: MetricType): void {
  lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
}

export function renderSimple(
  lines: string[],
  name: string,
  help: string,
  type: MetricType,
  series: Iterable<{ pairs: string; value: number }>,
): void {
  renderHeader(lines, name, help, type);
  for (const entry of series) lines.push(`${name}${braced(entry.pairs)} ${formatValue(entry.value)}`);
}
