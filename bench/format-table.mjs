// Renders the benchmark results as Markdown, ready to paste into the README.

const formatCount = (value) => Math.round(value).toLocaleString('en-US');
const formatMs = (value) => value.toFixed(2);
const formatAddedMs = (value) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
const formatPercent = (fraction) => `${Math.round(fraction * 100)}%`;
const formatMb = (value) => `${value.toFixed(1)} MB`;

function toRow(cells) {
  return `| ${cells.join(' | ')} |`;
}

function formatThroughputTable(scenarios) {
  const lines = [
    toRow([
      'Scenario',
      'Conns',
      'Target',
      'Req/s',
      'p50 ms',
      'p99 ms',
      'Added p50 ms',
      'Added p99 ms',
      'Non-2xx',
      'OPT CPU µs/req',
      'OPT core: OPT / others',
    ]),
    toRow(['---', '---:', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const { name, connections, direct, reference, opt } of scenarios) {
    lines.push(
      toRow([
        name,
        connections,
        'upstream direct',
        formatCount(direct.requestsPerSecond),
        formatMs(direct.p50Ms),
        formatMs(direct.p99Ms),
        '',
        '',
        direct.non2xx,
        '',
        '',
      ]),
      formatMeasuredRow(name, connections, 'bare Fastify+undici relay (reference)', reference, direct),
      formatMeasuredRow(name, connections, '**through OPT**', opt, direct, true),
    );
  }
  return lines.join('\n');
}

/** A row for a target measured on OPT's core (the bare relay or OPT), compared with the direct upstream. */
function formatMeasuredRow(name, connections, label, result, direct, emphasise = false) {
  const requestsPerSecond = formatCount(result.requestsPerSecond);
  return toRow([
    name,
    connections,
    label,
    emphasise ? `**${requestsPerSecond}**` : requestsPerSecond,
    formatMs(result.p50Ms),
    formatMs(result.p99Ms),
    formatAddedMs(result.p50Ms - direct.p50Ms),
    formatAddedMs(result.p99Ms - direct.p99Ms),
    result.non2xx,
    formatCount(result.cpuMsPerRequest * 1000),
    `${formatPercent(result.cpuBusyFraction)} / ${formatPercent(result.othersBusyFraction)}`,
  ]);
}

// Above this share, something else competed with OPT for its core and the run should be repeated.
const NOISY_CORE_FRACTION = 0.1;

function formatNoiseWarning(scenarios) {
  const noisy = scenarios.filter(({ opt }) => opt.othersBusyFraction > NOISY_CORE_FRACTION);
  if (noisy.length === 0) return [];
  const names = noisy.map(({ name, connections }) => `${name} c${connections}`).join(', ');
  return [
    '',
    `Warning: other processes used over 10% of OPT's core during ${names}; rerun on a quiet machine.`,
  ];
}

function formatTtftTable(ttft) {
  const { concurrency, chunkDelayMs, direct, reference, opt } = ttft;
  return [
    `Time to first token, ${concurrency} concurrent streams, chunks ${chunkDelayMs} ms apart:`,
    '',
    toRow(['Target', 'Streams measured', 'p50 ms', 'p99 ms', 'Added p50 ms', 'Added p99 ms']),
    toRow(['---', '---:', '---:', '---:', '---:', '---:']),
    toRow(['upstream direct', direct.samples, formatMs(direct.p50Ms), formatMs(direct.p99Ms), '', '']),
    toRow([
      'bare Fastify+undici relay (reference)',
      reference.samples,
      formatMs(reference.p50Ms),
      formatMs(reference.p99Ms),
      formatAddedMs(reference.p50Ms - direct.p50Ms),
      formatAddedMs(reference.p99Ms - direct.p99Ms),
    ]),
    toRow([
      '**through OPT**',
      opt.samples,
      formatMs(opt.p50Ms),
      formatMs(opt.p99Ms),
      `**${formatAddedMs(opt.p50Ms - direct.p50Ms)}**`,
      formatAddedMs(opt.p99Ms - direct.p99Ms),
    ]),
  ].join('\n');
}

/** `report` is assembled by run-bench.mjs; see there for the shape of each part. */
export function formatReport({ machine, settings, scenarios, ttft, memory, usage, targets }) {
  const sections = [
    '## OPT benchmark',
    '',
    `${machine.date} · Node ${machine.nodeVersion} · ${machine.cores} cores · ${machine.cpuModel} · ${machine.wrkVersion}`,
    '',
    `OPT pinned to core 0; wrk, the upstream and the TTFT client pinned to core 1. ` +
      `Auth and usage recording (SQLite) on. Each measurement ${settings.durationS} s after ` +
      `${settings.warmupS} s of warm-up; streams carry ${settings.chunkCount} content chunks. ` +
      'Added latency = through OPT minus upstream direct at the same concurrency.',
    '',
    formatThroughputTable(scenarios),
    ...formatNoiseWarning(scenarios),
    '',
    formatTtftTable(ttft),
    '',
    `OPT memory: RSS after non-streaming c128 ${formatMb(memory.rssAfterNonStreamMb)}, ` +
      `peak RSS (VmHWM) over the whole run ${formatMb(memory.peakRssMb)} ` +
      `(the bare relay, under the same scenarios: ${formatMb(memory.referencePeakRssMb)}). ` +
      `Usage rows recorded: ${formatCount(usage.recordedRows)} ` +
      `(requests completed through OPT as counted by the clients: ${formatCount(usage.completedRequests)}).`,
    '',
    'Targets:',
    '',
    ...targets.map(({ label, value, pass }) => `- ${pass ? 'PASS' : 'FAIL'}: ${label} (measured ${value})`),
  ];
  return `${sections.join('\n')}\n`;
}
