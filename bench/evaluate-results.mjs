// Turns the measurements into verdicts: which targets from the core issue were met, and whether anything
// failed outright (errors, or a ledger that disagrees with the usage rows, make the numbers meaningless,
// so they fail the run). The targets are judged on the OPT with tenancy and billing on, the configuration
// that now ships; the core-only OPT's figure is given next to each for comparison.

// From the core issue: the numbers OPT has to reach on its one core.
const TARGET_REQUESTS_PER_SECOND = 9000;
const TARGET_ADDED_TTFT_MS = 0.5;
const TARGET_PEAK_RSS_MB = 150;
const ISSUE_BARE_RELAY_REQUESTS_PER_SECOND = 15_900;

/** The targets measured in every scenario and TTFT run, with the names the report uses for them. */
export const MEASURED_TARGETS = [
  ['direct', 'direct'],
  ['reference', 'bare relay'],
  ['optCore', 'OPT (core only)'],
  ['optTenancy', 'OPT (tenancy + billing on)'],
];

export function findProblems(scenarios, ttft, usage) {
  const problems = [];
  for (const scenario of scenarios) {
    for (const [id, target] of MEASURED_TARGETS) {
      const result = scenario[id];
      if (result.non2xx > 0 || result.socketErrors > 0) {
        problems.push(
          `${scenario.name} c${scenario.connections} ${target}: ${result.non2xx} non-2xx, ${result.socketErrors} socket errors`,
        );
      }
    }
  }
  for (const [id, target] of MEASURED_TARGETS) {
    const result = ttft[id];
    if (result.errors > 0)
      problems.push(`TTFT ${target}: ${result.errors} failed streams (${result.lastError})`);
  }
  const ledger = usage.optTenancy.ledger;
  if (!ledger.consistent) {
    problems.push(
      `ledger of OPT (tenancy + billing on) disagrees with its usage rows: ${ledger.chargeEntries} charges ` +
        `(${ledger.matchedCharges} matching a usage row's cost) for ${ledger.pricedRows} priced usage rows; ` +
        `charged ${ledger.chargedMicros} µ vs usage cost ${ledger.usageCostMicros} µ`,
    );
  }
  return problems;
}

function bestNonStreaming(scenarios, id) {
  return Math.max(
    ...scenarios.filter((scenario) => !scenario.stream).map((scenario) => scenario[id].requestsPerSecond),
  );
}

const formatCount = (value) => Math.round(value).toLocaleString('en-US');

/** `value` and `pass` for the tenancy-on OPT; `coreValue` is the same figure for the core-only OPT. */
export function evaluateTargets(scenarios, ttft, memory) {
  const best = {
    optCore: bestNonStreaming(scenarios, 'optCore'),
    optTenancy: bestNonStreaming(scenarios, 'optTenancy'),
  };
  const bestReference = bestNonStreaming(scenarios, 'reference');
  const addedTtftMs = (id) => ttft[id].p50Ms - ttft.direct.p50Ms;
  // The issue's reference machine ran a bare Fastify+undici relay at 15,900 req/s; 9,000 is 57% of that.
  const relativeTarget = TARGET_REQUESTS_PER_SECOND / ISSUE_BARE_RELAY_REQUESTS_PER_SECOND;
  const shareOfReference = (id) =>
    `${Math.round((100 * best[id]) / bestReference)}% (${formatCount(best[id])} of ${formatCount(bestReference)})`;
  return [
    {
      label: `≥ ${Math.round(relativeTarget * 100)}% of the bare relay's non-streaming req/s on this machine (the target's 9,000 of 15,900)`,
      value: shareOfReference('optTenancy'),
      coreValue: shareOfReference('optCore'),
      pass: best.optTenancy >= relativeTarget * bestReference,
    },
    {
      label: `≥ ${TARGET_REQUESTS_PER_SECOND.toLocaleString('en-US')} non-streaming req/s through OPT (best of c32, c128)`,
      value: `${formatCount(best.optTenancy)} req/s`,
      coreValue: `${formatCount(best.optCore)} req/s`,
      pass: best.optTenancy >= TARGET_REQUESTS_PER_SECOND,
    },
    {
      label: `≤ ${TARGET_ADDED_TTFT_MS} ms added time to first token at p50`,
      value: `${addedTtftMs('optTenancy').toFixed(2)} ms`,
      coreValue: `${addedTtftMs('optCore').toFixed(2)} ms`,
      pass: addedTtftMs('optTenancy') <= TARGET_ADDED_TTFT_MS,
    },
    {
      label: `< ${TARGET_PEAK_RSS_MB} MB peak RSS`,
      value: `${memory.optTenancy.peakRssMb.toFixed(1)} MB`,
      coreValue: `${memory.optCore.peakRssMb.toFixed(1)} MB`,
      pass: memory.optTenancy.peakRssMb < TARGET_PEAK_RSS_MB,
    },
  ];
}
