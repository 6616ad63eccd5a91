// Renders the benchmark results as Markdown, ready to paste into the README.
import { TENANCY } from './start-targets.mjs';

const formatCount = (value) => Math.round(value).toLocaleString('en-US');
const formatSignedCount = (value) => `${value >= 0 ? '+' : '-'}${formatCount(Math.abs(value))}`;
const formatMs = (value) => value.toFixed(2);
const formatAddedMs = (value) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
const formatPercent = (fraction) => `${Math.round(fraction * 100)}%`;
const formatSignedPercent = (fraction) =>
  `${fraction >= 0 ? '+' : '-'}${Math.abs(fraction * 100).toFixed(1)}%`;
const formatMb = (value) => `${value.toFixed(1)} MB`;
const formatAddedMb = (value) => `${value >= 0 ? '+' : ''}${formatMb(value)}`;

/** Integer micro-units as an exact decimal amount (1_234_500 → "1.2345"), as OPT itself shows money. */
function formatMicros(micros) {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${whole.toLocaleString('en-US')}${fraction ? `.${fraction}` : ''}`;
}

function toRow(cells) {
  return `| ${cells.join(' | ')} |`;
}

const OPT_ROWS = [
  { id: 'optCore', label: 'OPT (core only)', emphasise: false },
  { id: 'optTenancy', label: '**OPT (tenancy + billing on)**', emphasise: true },
];

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
  for (const scenario of scenarios) {
    const { name, connections, direct, reference } = scenario;
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
      ...OPT_ROWS.map(({ id, label, emphasise }) =>
        formatMeasuredRow(name, connections, label, scenario[id], direct, emphasise),
      ),
    );
  }
  return lines.join('\n');
}

/** A row for a target measured on OPT's core (the bare relay or an OPT), compared with the direct upstream. */
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
  const noisy = scenarios.filter((scenario) =>
    OPT_ROWS.some(({ id }) => scenario[id].othersBusyFraction > NOISY_CORE_FRACTION),
  );
  if (noisy.length === 0) return [];
  const names = noisy.map(({ name, connections }) => `${name} c${connections}`).join(', ');
  return [
    '',
    `Warning: other processes used over 10% of OPT's core during ${names}; rerun on a quiet machine.`,
  ];
}

function formatTtftTable(ttft) {
  const { concurrency, chunkDelayMs, direct, reference } = ttft;
  const addedRow = (label, result, emphasise = false) => {
    const addedP50 = formatAddedMs(result.p50Ms - direct.p50Ms);
    return toRow([
      label,
      result.samples,
      formatMs(result.p50Ms),
      formatMs(result.p99Ms),
      emphasise ? `**${addedP50}**` : addedP50,
      formatAddedMs(result.p99Ms - direct.p99Ms),
    ]);
  };
  return [
    `Time to first token, ${concurrency} concurrent streams, chunks ${chunkDelayMs} ms apart:`,
    '',
    toRow(['Target', 'Streams measured', 'p50 ms', 'p99 ms', 'Added p50 ms', 'Added p99 ms']),
    toRow(['---', '---:', '---:', '---:', '---:', '---:']),
    toRow(['upstream direct', direct.samples, formatMs(direct.p50Ms), formatMs(direct.p99Ms), '', '']),
    addedRow('bare Fastify+undici relay (reference)', reference),
    ...OPT_ROWS.map(({ id, label, emphasise }) => addedRow(label, ttft[id], emphasise)),
  ].join('\n');
}

function formatMemoryAndUsage(memory, usage) {
  const { optCore, optTenancy } = memory;
  const ledger = usage.optTenancy.ledger;
  const { currency } = TENANCY;
  return [
    `OPT memory, RSS after non-streaming c128 / peak RSS (VmHWM) over the whole run: core only ` +
      `${formatMb(optCore.rssAfterNonStreamMb)} / ${formatMb(optCore.peakRssMb)}, tenancy + billing on ` +
      `${formatMb(optTenancy.rssAfterNonStreamMb)} / ${formatMb(optTenancy.peakRssMb)} ` +
      `(the bare relay's peak under the same scenarios: ${formatMb(memory.referencePeakRssMb)}).`,
    '',
    `Usage rows recorded (requests completed as counted by the clients): core only ` +
      `${formatCount(usage.optCore.recordedRows)} (${formatCount(usage.optCore.completedRequests)}), ` +
      `tenancy + billing on ${formatCount(usage.optTenancy.recordedRows)} ` +
      `(${formatCount(usage.optTenancy.completedRequests)}).`,
    '',
    `Ledger of the tenancy-on OPT: ${formatCount(ledger.chargeEntries)} charge entries for ` +
      `${formatCount(ledger.pricedRows)} usage rows with a cost (of ${formatCount(ledger.usageRows)}; ` +
      `${formatCount(ledger.teamRows)} carry the team), ${formatCount(ledger.matchedCharges)} of them equal ` +
      `to their row's cost; Σ charges ${formatMicros(ledger.chargedMicros)} ${currency}, ` +
      `Σ usage cost ${formatMicros(ledger.usageCostMicros)} ${currency}: ` +
      `${ledger.consistent ? '**consistent**' : '**INCONSISTENT**'}.`,
  ];
}

function formatQuotaHeaders(quotaHeaders) {
  const on = quotaHeaders.optTenancy;
  const off = quotaHeaders.optCore;
  return (
    `Limits and budgets verified before measuring: a tenancy-on response carries ` +
    `\`x-ratelimit-limit-requests: ${on.rateLimitRequests}\` and ` +
    `\`x-opt-budget-remaining: ${on.budgetRemaining}\` (${on.budgetCurrency}); a core-only one ` +
    `${off.rateLimitRequests === null ? 'no rate-limit header' : `\`x-ratelimit-limit-requests: ${off.rateLimitRequests}\``} ` +
    `and \`x-opt-budget-remaining: ${off.budgetRemaining ?? '(absent)'}\`.`
  );
}

/** Per scenario (and TTFT), the core-only OPT against the tenancy-on one; Δ = tenancy on − core only. */
function formatTenancyCostSection(scenarios, ttft, memory) {
  const { currency, team, key } = TENANCY;
  const lines = [
    '### Cost of tenancy and billing',
    '',
    'The two OPT processes of the tables above, side by side: same run, same core, same priming and ' +
      'request bodies. Core only = auth and usage recording (the core issue); tenancy + billing on = ' +
      `additionally a team (budget ${formatCount(team.budget.amount)} ${currency} ${team.budget.period}, ` +
      `rpm ${formatCount(team.limits.rpm)}, tpm ${formatCount(team.limits.tpm)}, ` +
      `concurrency ${formatCount(team.limits.concurrency)}) and its key (budget ` +
      `${formatCount(key.budget.amount)} ${currency} ${key.budget.period}, rpm ${formatCount(key.limits.rpm)}, ` +
      `tpm ${formatCount(key.limits.tpm)}, concurrency ${formatCount(key.limits.concurrency)}) ` +
      'reserved before and settled after every request, prices for both models, quota headers, ' +
      'and a ledger charge per request in the usage batch. Δ = tenancy on − core only.',
    '',
    toRow([
      'Scenario',
      'Conns',
      'Req/s core',
      'Req/s tenancy',
      'Δ req/s',
      'p50 ms core',
      'p50 ms tenancy',
      'Δ p50 ms',
      'p99 ms core',
      'p99 ms tenancy',
      'Δ p99 ms',
      'CPU µs/req core',
      'CPU µs/req tenancy',
      'Δ CPU µs/req',
    ]),
    toRow(['---', '---:', ...Array(12).fill('---:')]),
  ];
  const latencyCells = (core, tenancy) => [
    formatMs(core.p50Ms),
    formatMs(tenancy.p50Ms),
    `**${formatAddedMs(tenancy.p50Ms - core.p50Ms)}**`,
    formatMs(core.p99Ms),
    formatMs(tenancy.p99Ms),
    formatAddedMs(tenancy.p99Ms - core.p99Ms),
  ];
  for (const { name, connections, optCore: core, optTenancy: tenancy } of scenarios) {
    const coreCpuUs = core.cpuMsPerRequest * 1000;
    const tenancyCpuUs = tenancy.cpuMsPerRequest * 1000;
    lines.push(
      toRow([
        name,
        connections,
        formatCount(core.requestsPerSecond),
        formatCount(tenancy.requestsPerSecond),
        `**${formatSignedCount(tenancy.requestsPerSecond - core.requestsPerSecond)}** ` +
          `(${formatSignedPercent(tenancy.requestsPerSecond / core.requestsPerSecond - 1)})`,
        ...latencyCells(core, tenancy),
        formatCount(coreCpuUs),
        formatCount(tenancyCpuUs),
        formatSignedCount(tenancyCpuUs - coreCpuUs),
      ]),
    );
  }
  lines.push(
    toRow([
      'time to first token (paced)',
      ttft.concurrency,
      '',
      '',
      '',
      ...latencyCells(ttft.optCore, ttft.optTenancy),
      '',
      '',
      '',
    ]),
    '',
    `Peak RSS: core only ${formatMb(memory.optCore.peakRssMb)}, tenancy + billing on ` +
      `${formatMb(memory.optTenancy.peakRssMb)} ` +
      `(${formatAddedMb(memory.optTenancy.peakRssMb - memory.optCore.peakRssMb)}).`,
  );
  return lines;
}

/** `report` is assembled by run-bench.mjs; see there for the shape of each part. */
export function formatReport({ machine, settings, scenarios, ttft, memory, usage, quotaHeaders, targets }) {
  const sections = [
    '## OPT benchmark',
    '',
    `${machine.date} · Node ${machine.nodeVersion} · ${machine.cores} cores · ${machine.cpuModel} · ${machine.wrkVersion}`,
    '',
    `OPT pinned to core 0; wrk, the upstream and the TTFT client pinned to core 1. Two OPT processes on ` +
      `core 0, measured one after the other: **core only** (auth and usage recording in SQLite, the ` +
      `configuration of the core issue) and **tenancy + billing on** (in addition: a team and a key with ` +
      `budgets and RPM/TPM/concurrency limits, prices for both models, a ledger charge per request). ` +
      `Every request sends max_tokens. Each measurement ${settings.durationS} s after ` +
      `${settings.warmupS} s of warm-up; streams carry ${settings.chunkCount} content chunks. ` +
      'Added latency = through the target minus upstream direct at the same concurrency.',
    '',
    formatThroughputTable(scenarios),
    ...formatNoiseWarning(scenarios),
    '',
    formatTtftTable(ttft),
    '',
    ...formatMemoryAndUsage(memory, usage),
    '',
    formatQuotaHeaders(quotaHeaders),
    '',
    ...formatTenancyCostSection(scenarios, ttft, memory),
    '',
    'Targets of the core issue, judged with tenancy + billing on (the core-only figure after each):',
    '',
    ...targets.map(
      ({ label, value, coreValue, pass }) =>
        `- ${pass ? 'PASS' : 'FAIL'}: ${label} (measured ${value}; core only: ${coreValue})`,
    ),
  ];
  return `${sections.join('\n')}\n`;
}
